/**
 * The end-to-end suite signs up users, resets passwords and (later) writes messages: it must never
 * run against a hosted project or a shared server. Refuse any target that is not this machine.
 */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function assertLocalUrl(name: string, value: string): void {
  let host: string;
  try {
    host = new URL(value).hostname;
  } catch {
    throw new Error(`${name} is not a URL: ${JSON.stringify(value)}`);
  }
  if (!LOCAL_HOSTS.has(host)) {
    throw new Error(
      `Refusing to run end-to-end tests: ${name} points at ${host}, not this machine. ` +
        'The suite creates users and data; run it only against the local stack.',
    );
  }
}

export function assertLocalStack(urls: Record<string, string>): void {
  for (const [name, value] of Object.entries(urls)) assertLocalUrl(name, value);
}
