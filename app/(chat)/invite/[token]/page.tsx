import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AcceptInviteCard } from '@/components/workspace/accept-invite-card';
import { AppHeader } from '@/components/workspace/app-header';
import { getSessionUser } from '@/lib/data/auth';
import { previewInvite } from '@/lib/data/workspaces';
import { inviteTokenSchema } from '@/lib/schemas/workspace';
import { createClient } from '@/lib/supabase/server';

export const metadata: Metadata = { title: 'Join a workspace' };

/**
 * An invite link: where it leads (preview_invite()) and a button to join. Signed-out visitors are sent to sign in (or sign up) by the proxy and come back
 * here through `next`. Accepting is a button (a POST), never the GET itself: link previewers and
 * prefetchers must not use up an invite.
 */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const supabase = await createClient();
  const user = await getSessionUser(supabase);
  const path = `/invite/${encodeURIComponent(token)}`;
  if (!user) redirect(`/login?next=${encodeURIComponent(path)}`);
  const valid = inviteTokenSchema.safeParse(token);
  const normalized = valid.success ? valid.data.toLowerCase() : null;
  const preview = normalized ? await previewInvite(supabase, { token: normalized }) : null;

  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader user={user} />
      <main className="mx-auto flex w-full max-w-md flex-1 items-start px-4 py-12 sm:px-6" data-testid="invite-page">
        <AcceptInviteCard token={normalized} email={user.email} preview={preview} />
      </main>
    </div>
  );
}
