/**
 * Turns an untrusted `next` / `redirectTo` value (from a URL or a form) into a path on this site,
 * or `fallback`. Use it wherever a redirect target comes from the outside: an open redirect lets a
 * phishing link borrow our domain.
 *
 * Accepts only strings that start with a single `/` and resolve, against a fixed placeholder
 * origin, to that same origin. Refuses `https://evil.example`, protocol-relative `//evil.example`,
 * backslash variants (`/\evil.example`, which browsers read as `//`), control characters (tabs and
 * newlines are stripped by URL parsers), and anything that only becomes one of these after
 * normalisation (`/./../%2f%2fevil`, `/.//evil`).
 */
const PLACEHOLDER_ORIGIN = 'http://safe-next-path.invalid';

export function safeNextPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  // Backslashes and ASCII control characters (tab, CR, LF, …) are normalised away or into `/` by
  // WHATWG URL parsing; a path never needs them, so refuse rather than reason about them.
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;

  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;

  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" normalises to "//evil.example", which a browser reads as another site; an
  // encoded slash or backslash at the start could be decoded into the same thing by a later hop.
  if (path.startsWith('//') || /^\/(%2f|%5c)/i.test(path)) return fallback;
  return path;
}
