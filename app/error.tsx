'use client';

/**
 * Last-resort error boundary: says what happened in plain words and offers a retry. Loaded with
 * every page, so it stays small: a plain button styled as the primary one, not the Button
 * component (which the bundler would copy into this boundary's chunk, issue "App I").
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-4 text-center" role="alert">
      <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="max-w-sm text-sm text-muted-foreground">
        Please try again. If it keeps happening, reload the page.
        {error.digest ? <span className="mt-2 block font-mono text-xs">Reference: {error.digest}</span> : null}
      </p>
      <button
        type="button"
        onClick={reset}
        className="inline-flex h-9 items-center justify-center rounded-md bg-primary px-4 text-sm font-medium text-primary-foreground shadow-xs outline-none hover:bg-primary/90 focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        Try again
      </button>
    </main>
  );
}
