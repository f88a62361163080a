import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { getSessionUser } from '@/lib/data/auth';
import { createClient } from '@/lib/supabase/server';

/**
 * The signed-in area. proxy.ts already sends signed-out visitors to /login?next=…; this check is the
 * second line (the proxy's matcher could change), and RLS is the real boundary for data.
 *
 * Extension point: the workspace shell (sidebar-07 style: workspace switcher, channels, DMs, user
 * menu) goes in `[workspace]/layout.tsx`, so this page and onboarding stay outside it.
 */
export default async function ChatLayout({ children }: { children: ReactNode }) {
  const supabase = await createClient();
  const user = await getSessionUser(supabase);
  if (!user) redirect('/login');
  return children;
}
