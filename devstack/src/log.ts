/** Minimal leveled logger: one line per event, quiet when DEVSTACK_LOG=silent (tests). */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  request(line: string): void;
}

export function createLogger(level = process.env.DEVSTACK_LOG ?? 'info'): Logger {
  const silent = level === 'silent';
  const requests = level !== 'silent' && level !== 'quiet';
  const stamp = () => new Date().toISOString().slice(11, 23);
  return {
    info: (m) => !silent && console.log(`${stamp()} ${m}`),
    warn: (m) => console.warn(`${stamp()} warn: ${m}`),
    error: (m) => console.error(`${stamp()} error: ${m}`),
    request: (l) => requests && console.log(`${stamp()} ${l}`),
  };
}
