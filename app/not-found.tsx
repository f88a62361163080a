import { Button } from '@/components/ui/button';

/**
 * Shown for unknown URLs and for anything RLS hides from you (another workspace's channel looks
 * exactly like a channel that does not exist, so nothing leaks).
 */
export default function NotFound() {
  return (
    <main
      className="flex min-h-dvh flex-col items-center justify-center gap-4 px-4 text-center"
      data-testid="not-found"
    >
      <p className="text-sm font-medium text-muted-foreground">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">We couldn't find that page</h1>
      <p className="max-w-sm text-sm text-muted-foreground">
        It may have been moved or deleted, or you may not have access to it.
      </p>
      {/* A plain link: next/link here would add its client code to the first load of every page. */}
      <Button asChild>
        <a href="/">Go to your workspaces</a>
      </Button>
    </main>
  );
}
