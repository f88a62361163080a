import { HashIcon, LockIcon, UserIcon } from 'lucide-react';
import { ChannelHeaderActions } from '@/components/channels/channel-header-actions';
import type { ChannelDetails } from '@/lib/data/channels';

/** Channel name (or DM people) and topic above the message list, with members and leave/join actions. */
export function ChannelHeader({
  channel,
}: {
  channel: Pick<ChannelDetails, 'kind' | 'label' | 'topic'> & Partial<Pick<ChannelDetails, 'id' | 'lastReadSeq'>>;
}) {
  const Icon = channel.kind === 'private' ? LockIcon : channel.kind === 'public' ? HashIcon : UserIcon;
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b px-4" data-testid="channel-header">
      <Icon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
      <h1 className="truncate font-semibold" data-testid="channel-name">
        {channel.label}
      </h1>
      {channel.topic ? (
        <p className="hidden truncate border-l pl-2 text-sm text-muted-foreground sm:block" data-testid="channel-topic">
          {channel.topic}
        </p>
      ) : null}
      {channel.id ? (
        <div className="ml-auto flex shrink-0 items-center gap-1">
          <ChannelHeaderActions
            channel={{
              id: channel.id,
              kind: channel.kind,
              label: channel.label,
              isMember: channel.lastReadSeq != null,
            }}
          />
        </div>
      ) : null}
    </header>
  );
}
