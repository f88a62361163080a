'use client';

import { useSyncExternalStore } from 'react';

/**
 * The current time, refreshed every 30 seconds, for labels like "Last reply 5 minutes ago" that
 * must not freeze at first render. One timer serves every subscriber on the page (a channel can show
 * hundreds of such labels), and it stops when the last one unmounts.
 */
const TICK_MS = 30_000;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    // The value may be stale after a quiet spell with no subscribers: refresh it before the first tick.
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const getSnapshot = () => now;

export function useNow(): number {
  // The server renders with its own clock; the label is re-rendered with the browser's at the first tick.
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
