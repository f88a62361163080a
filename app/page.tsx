/**
 * Placeholder home page until the chat UI lands (issue "App I"). It proves the app reaches the
 * Supabase backend it is configured for, through URL and key only.
 */
async function backendStatus(): Promise<string> {
  const url = process.env.NEXT_PUBLIC_SUPABASE_URL;
  if (!url) return 'NEXT_PUBLIC_SUPABASE_URL is not set';
  try {
    const res = await fetch(`${url}/auth/v1/health`, {
      headers: { apikey: process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY ?? '' },
      cache: 'no-store',
    });
    return res.ok ? `connected to ${url}` : `${url} answered ${res.status}`;
  } catch {
    return `cannot reach ${url}`;
  }
}

export default async function HomePage() {
  const status = await backendStatus();
  return (
    <main style={{ maxWidth: 640, margin: '4rem auto', padding: '0 1rem' }}>
      <h1>supachat</h1>
      <p>The chat UI is under construction. Backend: {status}.</p>
    </main>
  );
}
