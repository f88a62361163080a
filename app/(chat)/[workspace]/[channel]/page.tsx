import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { ChannelHeader } from '@/components/channels/channel-header';
import { renderMarkdown } from '@/lib/chat/markdown';
import { channelLabel, getChannel } from '@/lib/data/channels';
import { getCanModerate, listMessages } from '@/lib/data/messages';
import { listProfileNames } from '@/lib/data/profiles';
import { listReactions } from '@/lib/data/reactions';
import { loadSession } from '../_lib/loaders';
import { ChannelView } from './_components/channel-view';

type Params = Promise<{ workspace: string; channel: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { channel } = await params;
  return { title: decodeURIComponent(channel) };
}

/**
 * A channel: header, the newest page of messages with their reactions (rendered on the server),
 * live updates, the composer and the thread panel (client; `?thread=<root id>` opens a thread).
 * A channel in another workspace, or one RLS hides, is simply not found.
 *
 * Three round trips on the critical path of a channel switch, each waiting only for what it needs:
 * the channel (with its workspace and the caller's membership, in one request); then messages,
 * role and a DM's names; then reactions and authors' names. The workspace layout is not rendered
 * again on a switch between channels, so nothing here repeats its work.
 */
export default async function ChannelPage({ params }: { params: Params }) {
  const { workspace: slug, channel: ref } = await params;
  const { supabase, user } = await loadSession();
  if (!user) redirect('/login');
  const found = await getChannel(supabase, { workspaceSlug: slug, ref, userId: user.id });
  if (!found) notFound();

  const [messages, canModerate, channelName] = await Promise.all([
    listMessages(supabase, { channelId: found.id }),
    getCanModerate(supabase, { workspaceId: found.workspace_id, userId: user.id }),
    channelLabel(supabase, { channel: found, userId: user.id }),
  ]);
  const channel = { ...found, label: channelName };
  // In parallel: names of reactors who are not authors here load in the browser (tooltips only).
  const [reactions, names] = await Promise.all([
    listReactions(supabase, { channelId: channel.id, messageIds: messages.map((m) => m.id) }),
    listProfileNames(supabase, {
      ids: [user.id, ...messages.map((m) => m.author_id).filter((id): id is string => !!id)],
    }),
  ]);
  const label = channel.kind === 'public' || channel.kind === 'private' ? `#${channel.label}` : channel.label;

  return (
    <main className="flex min-h-0 flex-1 flex-col" data-testid="channel-page">
      <ChannelHeader channel={channel} />
      <ChannelView
        key={channel.id}
        channelId={channel.id}
        channelLabel={label}
        channelLastSeq={channel.last_seq}
        lastReadSeq={channel.lastReadSeq}
        currentUserId={user.id}
        initialMessages={messages}
        initialHtml={messages.map((m) => renderMarkdown(m.body))}
        initialReactions={reactions}
        initialNames={names}
        canModerate={canModerate}
      />
    </main>
  );
}
