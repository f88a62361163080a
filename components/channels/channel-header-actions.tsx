'use client';

import { EllipsisVerticalIcon, UsersIcon } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useState } from 'react';
import { OnDemand } from '@/components/on-demand';
import { Button } from '@/components/ui/button';
import { useOptionalWorkspace } from '@/components/workspace/workspace-context';
import type { Enums } from '@/lib/supabase/database.types';

export type HeaderChannel = { id: string; kind: Enums<'channel_kind'>; label: string; isMember: boolean };

// Dialogs and the options menu load when first used: their Radix code is not in the first page.
const ChannelMembersDialog = dynamic(() =>
  import('@/components/channels/channel-header-dialogs').then((m) => m.ChannelMembersDialog),
);
const LeaveChannelDialog = dynamic(() =>
  import('@/components/channels/channel-header-dialogs').then((m) => m.LeaveChannelDialog),
);
const loadOptionsMenu = () => import('@/components/channels/channel-options-menu').then((m) => m.ChannelOptionsMenu);

/**
 * The channel header's actions: members (list, add, message) and leave. Joining a previewed channel
 * is the channel view's button in place of the composer.
 */
export function ChannelHeaderActions({ channel }: { channel: HeaderChannel }) {
  const ctx = useOptionalWorkspace();
  const [membersOpen, setMembersOpen] = useState(false);
  const [leaveOpen, setLeaveOpen] = useState(false);
  if (!ctx) return null;
  const isChannel = channel.kind === 'public' || channel.kind === 'private';

  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        onClick={() => setMembersOpen(true)}
        aria-label={isChannel ? 'Channel members' : 'People in this conversation'}
        aria-haspopup="dialog"
        data-testid="channel-members-button"
      >
        <UsersIcon aria-hidden="true" />
      </Button>
      {channel.isMember && channel.kind !== 'dm' ? (
        <OnDemand
          load={loadOptionsMenu}
          props={{
            leaveLabel: `Leave ${isChannel ? `#${channel.label}` : 'conversation'}`,
            onLeave: () => setLeaveOpen(true),
          }}
          trigger={
            <Button
              variant="ghost"
              size="icon-sm"
              aria-label="Channel options"
              aria-haspopup="menu"
              data-testid="channel-options"
            >
              <EllipsisVerticalIcon aria-hidden="true" />
            </Button>
          }
        />
      ) : null}
      {membersOpen ? <ChannelMembersDialog channel={channel} ctx={ctx} onOpenChange={setMembersOpen} /> : null}
      {leaveOpen ? <LeaveChannelDialog channel={channel} ctx={ctx} onOpenChange={setLeaveOpen} /> : null}
    </>
  );
}
