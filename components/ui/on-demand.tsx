'use client';

import {
  type ComponentType,
  cloneElement,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactElement,
  type Ref,
  useEffect,
  useRef,
  useState,
} from 'react';
import { toast } from '@/components/ui/toast';

/**
 * Radix menus, tooltips and drawers stay out of the chat page's first load (issue "App I", ADR 0011):
 * the trigger renders as a plain button, and the component with the Radix code loads on first
 * interaction. Hover and focus start the download early; the press that asked for the menu is then
 * replayed to Radix itself, so a click, Enter, Space or ArrowDown opens it exactly as Radix would
 * have (focus on the first item after a key, on the menu after a pointer).
 */

type TriggerProps = {
  ref?: Ref<HTMLElement>;
  onPointerEnter?: (event: PointerEvent<HTMLElement>) => void;
  onFocus?: (event: FocusEvent<HTMLElement>) => void;
  onPointerDown?: (event: PointerEvent<HTMLElement>) => void;
  onKeyDown?: (event: KeyboardEvent<HTMLElement>) => void;
  onClick?: (event: MouseEvent<HTMLElement>) => void;
};

/** How the person asked: a pointer press, or the key Radix opens on. */
export type OpenIntent = 'pointer' | 'Enter' | ' ' | 'ArrowDown';

/** What the loaded component gets besides its own props. */
export type OnDemandProps = {
  /** The trigger element, to wrap in the Radix trigger (`asChild`). */
  trigger: ReactElement<TriggerProps>;
  /** Open on mount (the person pressed with a pointer before the code was there). */
  defaultOpen: boolean;
};

const OPEN_KEYS: readonly string[] = ['Enter', ' ', 'ArrowDown'];
const LOAD_FAILED = "That menu didn't load. Check your connection and try again.";

const cache = new WeakMap<() => Promise<unknown>, Promise<unknown>>();

/** One download per loader, shared by every trigger that uses it; a failed one may be retried. */
function loadOnce<T>(load: () => Promise<T>): Promise<T> {
  let pending = cache.get(load) as Promise<T> | undefined;
  if (!pending) {
    pending = load();
    cache.set(load, pending);
    pending.catch(() => cache.delete(load));
  }
  return pending;
}

/**
 * Renders `trigger` as is until the person hovers, focuses or presses it, then the component that
 * `load` resolves to, with `props`, the trigger and how to open. `load` must be a stable
 * (module-level) function.
 */
export function OnDemand<P extends object>({
  load,
  trigger,
  props,
  openKeys = OPEN_KEYS,
  openOnHover = false,
}: {
  load: () => Promise<ComponentType<P & OnDemandProps>>;
  trigger: ReactElement<TriggerProps>;
  props: P;
  /** Keys that open it: a menu's by default; none for a tooltip. */
  openKeys?: readonly string[];
  /** A tooltip: load and show on hover or focus, not on a press. */
  openOnHover?: boolean;
}) {
  const [Loaded, setLoaded] = useState<ComponentType<P & OnDemandProps> | null>(null);
  const [intent, setIntent] = useState<OpenIntent | 'focus' | 'hover' | null>(null);
  const triggerRef = useRef<HTMLElement | null>(null);

  const preload = () => {
    loadOnce(load).catch(() => {});
  };

  const open = (how: OpenIntent | 'focus' | 'hover') => {
    if (intent) return;
    setIntent(how);
    loadOnce(load).then(
      (component) => setLoaded(() => component),
      () => {
        setIntent(null);
        if (!openOnHover) toast.error(LOAD_FAILED);
      },
    );
  };

  // Once the real trigger is in the page: give it the focus the plain one had, and replay a key.
  useEffect(() => {
    if (!Loaded || !intent) return;
    const element = triggerRef.current;
    if (!element) return;
    if (intent === 'focus' || OPEN_KEYS.includes(intent)) element.focus();
    if (intent !== 'pointer' && intent !== 'focus' && intent !== 'hover') {
      element.dispatchEvent(new window.KeyboardEvent('keydown', { key: intent, bubbles: true, cancelable: true }));
    }
  }, [Loaded, intent]);

  if (Loaded) {
    const element = cloneElement(trigger, { ref: triggerRef });
    return <Loaded {...props} trigger={element} defaultOpen={intent === 'pointer' || intent === 'hover'} />;
  }

  const own = trigger.props;
  return cloneElement(trigger, {
    ref: triggerRef,
    onPointerEnter: (event) => {
      own.onPointerEnter?.(event);
      if (openOnHover && event.pointerType === 'mouse') open('hover');
      else preload();
    },
    onFocus: (event) => {
      own.onFocus?.(event);
      if (openOnHover) open('focus');
      else preload();
    },
    onPointerDown: (event) => {
      own.onPointerDown?.(event);
      if (openOnHover || event.button !== 0 || event.ctrlKey) return;
      // As Radix does: the trigger does not take focus, the opened menu does.
      event.preventDefault();
      open('pointer');
    },
    onKeyDown: (event) => {
      own.onKeyDown?.(event);
      if (openOnHover || !openKeys.includes(event.key)) return;
      // Keeps the button from also firing a click, as Radix does.
      event.preventDefault();
      open(event.key as OpenIntent);
    },
    onClick: (event) => {
      own.onClick?.(event);
      // A click without a press before it (a screen reader's virtual cursor): open as a key would.
      if (!openOnHover && event.detail === 0 && !intent) open('Enter');
    },
  });
}
