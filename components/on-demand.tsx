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
  'aria-expanded'?: boolean;
  'data-state'?: string;
  onPointerEnter?: (event: PointerEvent<HTMLElement>) => void;
  onPointerLeave?: (event: PointerEvent<HTMLElement>) => void;
  onFocus?: (event: FocusEvent<HTMLElement>) => void;
  onBlur?: (event: FocusEvent<HTMLElement>) => void;
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
  openOnHover = false,
}: {
  load: () => Promise<ComponentType<P & OnDemandProps>>;
  trigger: ReactElement<TriggerProps>;
  props: P;
  /** A tooltip: load and show on hover or focus, not on a press. */
  openOnHover?: boolean;
}) {
  const [Loaded, setLoaded] = useState<ComponentType<P & OnDemandProps> | null>(null);
  const [intent, setIntent] = useState<OpenIntent | 'focus' | 'hover' | null>(null);
  // The person moved on (pointer left, focus went elsewhere) before the code arrived: don't open then.
  const [stale, setStale] = useState(false);
  const arrivedRef = useRef(false);
  // A press on a tooltip's trigger in progress: swapping the element now would lose its click.
  const [pressing, setPressing] = useState(false);
  const triggerRef = useRef<HTMLElement | null>(null);

  const preload = () => {
    loadOnce(load).catch(() => {});
  };

  const open = (how: OpenIntent | 'focus' | 'hover') => {
    if (intent) {
      setStale(false);
      return;
    }
    setIntent(how);
    setStale(false);
    loadOnce(load).then(
      (component) => {
        // From here the plain trigger is being replaced: its removal is not the person leaving.
        arrivedRef.current = true;
        setLoaded(() => component);
      },
      () => {
        setIntent(null);
        if (!openOnHover) toast.error(LOAD_FAILED);
      },
    );
  };

  // Once the real trigger is in the page: give it the focus the plain one had, and replay a key.
  useEffect(() => {
    if (!Loaded || !intent || stale || intent === 'pointer' || intent === 'hover') return;
    const element = triggerRef.current;
    // Only give back the focus the swap took, never take it from where the person went since.
    const focusLost = document.activeElement === null || document.activeElement === document.body;
    if (!element || !focusLost) return;
    element.focus();
    if (intent !== 'focus') {
      element.dispatchEvent(new window.KeyboardEvent('keydown', { key: intent, bubbles: true, cancelable: true }));
    }
  }, [Loaded, intent, stale]);

  if (Loaded && !pressing) {
    const element = cloneElement(trigger, { ref: triggerRef });
    const openNow = intent === 'pointer' || (intent === 'hover' && !stale);
    return <Loaded {...props} trigger={element} defaultOpen={openNow} />;
  }

  const movedOn = () => {
    if (intent && !arrivedRef.current) setStale(true);
  };

  const own = trigger.props;
  return cloneElement(trigger, {
    ref: triggerRef,
    // What Radix's trigger says while shut; set here, not by the caller, because the caller's
    // props would override Radix's own once it has loaded.
    ...(openOnHover ? {} : { 'aria-expanded': false, 'data-state': 'closed' }),
    onPointerEnter: (event) => {
      own.onPointerEnter?.(event);
      if (openOnHover && event.pointerType === 'mouse') open('hover');
      else preload();
    },
    onPointerLeave: (event) => {
      own.onPointerLeave?.(event);
      if (!openOnHover) return;
      setPressing(false);
      movedOn();
    },
    onFocus: (event) => {
      own.onFocus?.(event);
      if (openOnHover) open('focus');
      else preload();
    },
    onBlur: (event) => {
      own.onBlur?.(event);
      if (openOnHover) setPressing(false);
      movedOn();
    },
    onPointerDown: (event) => {
      own.onPointerDown?.(event);
      if (openOnHover) {
        if (event.button === 0) setPressing(true);
        return;
      }
      if (event.button !== 0 || event.ctrlKey) return;
      // As Radix does: the trigger does not take focus, the opened menu does.
      event.preventDefault();
      open('pointer');
    },
    onKeyDown: (event) => {
      own.onKeyDown?.(event);
      if (openOnHover) {
        if (event.key === 'Enter' || event.key === ' ') setPressing(true);
        return;
      }
      if (!OPEN_KEYS.includes(event.key)) return;
      // Keeps the button from also firing a click, as Radix does.
      event.preventDefault();
      open(event.key as OpenIntent);
    },
    onClick: (event) => {
      own.onClick?.(event);
      if (openOnHover) setPressing(false);
      // A click without a press before it (a screen reader's virtual cursor): open as a key would.
      if (!openOnHover && event.detail === 0 && !intent) open('Enter');
    },
  });
}
