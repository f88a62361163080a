import { MessagesSquareIcon } from 'lucide-react';
import Link from 'next/link';
import { UserMenu, type UserMenuUser } from '@/components/workspace/user-menu';

/** Top bar for signed-in pages outside a workspace (the workspace list, onboarding). */
export function AppHeader({ user }: { user: UserMenuUser }) {
  return (
    <header className="sticky top-0 z-10 flex h-14 items-center justify-between border-b bg-background/95 px-4 backdrop-blur sm:px-6">
      <Link href="/" className="flex items-center gap-2 font-semibold">
        <MessagesSquareIcon className="size-5" aria-hidden="true" />
        supachat
      </Link>
      <UserMenu user={user} />
    </header>
  );
}
