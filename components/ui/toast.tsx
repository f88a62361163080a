'use client';

import dynamic from 'next/dynamic';
import { type ComponentProps, useSyncExternalStore } from 'react';
import type { Toaster as SonnerToaster } from '@/components/ui/sonner';

/**
 * Toasts without sonner in the first load of every page (~8 KiB gzip, issue "App I"): sonner and
 * its Toaster load with the first toast. Sonner shows toasts made before its Toaster subscribed,
 * so nothing shown early is lost.
 */
let requested = false;
const listeners = new Set<() => void>();

function request() {
  if (requested) return;
  requested = true;
  for (const listener of listeners) listener();
}

type SuccessOptions = { id?: string | number; description?: string };

export const toast = {
  success(message: string, options?: SuccessOptions) {
    request();
    import('sonner').then(
      (m) => m.toast.success(message, options),
      (error) => console.warn('[toast] sonner did not load', message, error),
    );
  },
  error(message: string, options?: SuccessOptions) {
    request();
    import('sonner').then(
      (m) => m.toast.error(message, options),
      (error) => console.warn('[toast] sonner did not load', message, error),
    );
  },
};

const Toaster = dynamic(() => import('@/components/ui/sonner').then((m) => m.Toaster), { ssr: false });

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Mounts sonner's Toaster once the page asks for its first toast. */
export function LazyToaster(props: ComponentProps<typeof SonnerToaster>) {
  const show = useSyncExternalStore(
    subscribe,
    () => requested,
    () => false,
  );
  return show ? <Toaster {...props} /> : null;
}
