'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import { toast } from '@/components/ui/toast';

/** One-shot confirmations passed through a redirect as `?<key>=1`, shown as a toast then removed. */
const messages: Record<string, string> = {
  'password-updated': 'Your password has been changed.',
};

export function FlashToast() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

  useEffect(() => {
    const keys = Object.keys(messages).filter((k) => params.has(k));
    if (keys.length === 0) return;
    for (const k of keys) toast.success(messages[k], { id: k });
    const rest = new URLSearchParams(params);
    for (const k of keys) rest.delete(k);
    const query = rest.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }, [params, router, pathname]);

  return null;
}
