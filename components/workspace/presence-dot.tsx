import type { PresenceStatus } from '@/hooks/use-presence';
import { cn } from '@/lib/utils';

const LABELS: Record<PresenceStatus, string> = { online: 'Active', away: 'Away', offline: 'Offline' };

/** A presence dot: green filled (active), hollow amber (away), hollow grey (offline). Labelled for screen readers. */
export function PresenceDot({ status, className }: { status: PresenceStatus; className?: string }) {
  return (
    <span
      role="img"
      aria-label={LABELS[status]}
      data-testid="presence-dot"
      data-status={status}
      className={cn(
        'inline-block size-2.5 shrink-0 rounded-full border-2',
        status === 'online' && 'border-emerald-500 bg-emerald-500',
        status === 'away' && 'border-amber-500 bg-transparent',
        status === 'offline' && 'border-muted-foreground/60 bg-transparent',
        className,
      )}
    />
  );
}

export function presenceLabel(status: PresenceStatus): string {
  return LABELS[status];
}
