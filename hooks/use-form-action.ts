'use client';

import { unstable_rethrow } from 'next/navigation';
import { type FormEvent, useEffect, useRef, useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/errors';
import type { FormCheck } from '@/lib/validation/form';

export type FormActionState = {
  fieldErrors: Record<string, string>;
  formError: string | null;
  code: string | null;
};

const EMPTY: FormActionState = { fieldErrors: {}, formError: null, code: null };

/**
 * Submits a form to a server action wrapped by `safeAction`, with the form's plain check (from
 * lib/validation, the rules its zod schema uses on the server) run in the browser first: instant
 * inline errors, no round trip, and no zod in the browser. Keeps what the person typed (unlike a
 * bare `<form action>`, which resets the form), exposes `pending` for the submit button, and moves
 * focus to the first invalid field (or the form error) so keyboard and screen-reader users land on
 * the problem.
 *
 * An action that redirects on success never resolves with a result; `pending` stays true until the
 * navigation finishes, which is what the button should show.
 */
export function useFormAction<T>(
  check: FormCheck,
  action: (input: FormData) => Promise<ActionResult<T> | undefined>,
  options: { onSuccess?: (data: T, form: HTMLFormElement) => void } = {},
) {
  const [state, setState] = useState<FormActionState>(EMPTY);
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement | null>(null);
  const [focusTick, setFocusTick] = useState(0);
  const onSuccessRef = useRef(options.onSuccess);
  onSuccessRef.current = options.onSuccess;

  useEffect(() => {
    if (focusTick === 0) return;
    const form = formRef.current;
    const target =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form?.querySelector<HTMLElement>('[data-slot="form-error"]');
    target?.focus();
  }, [focusTick]);

  function fail(next: FormActionState) {
    setState(next);
    setFocusTick((t) => t + 1);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    formRef.current = form;
    const formData = new FormData(form);
    const fieldErrors = check(Object.fromEntries(formData.entries()));
    if (Object.keys(fieldErrors).length > 0) {
      fail({ fieldErrors, formError: null, code: 'bad_request:client' });
      return;
    }
    setState(EMPTY);
    startTransition(async () => {
      let result: ActionResult<T> | undefined;
      try {
        result = await action(formData);
      } catch (error) {
        // An action that redirects can reject with Next's redirect error (seen on a busy server):
        // rethrown, it reaches Next's redirect boundary, which navigates. Swallowing it left the
        // person on the form with an "offline" error although the action had succeeded.
        unstable_rethrow(error);
        // Network failures surface here (the action never reached the server, or its answer was lost).
        console.error(error);
        fail({
          fieldErrors: {},
          formError: "We couldn't reach the server. Check your connection and try again.",
          code: 'offline:api',
        });
        return;
      }
      if (!result) return;
      if (result.ok) {
        onSuccessRef.current?.(result.data, form);
        return;
      }
      const fieldErrors = result.fieldErrors ?? {};
      const hasFieldError = Object.keys(fieldErrors).some((k) => form.elements.namedItem(k));
      fail({ fieldErrors, formError: hasFieldError ? null : result.message, code: result.code });
    });
  }

  return { state, pending, onSubmit, formRef };
}
