import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { ChannelHeader } from '@/components/channels/channel-header';
import { renderMarkdown } from '@/lib/chat/markdown';
import { getChannel } from '@/lib/data/channels';
import { getCanModerate, listMessages } from '@/lib/data/messages';
import { listProfileNames } from '@/lib/data/profiles';
import { listReactions } from '@/lib/data/reactions';
import { loadSession, loadWorkspace } from '../_lib/loaders';
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
 */
export default async function ChannelPage({ params }: { params: Params }) {
  const { workspace: slug, channel: ref } = await params;
  const { supabase, user } = await loadSession();
  if (!user) redirect('/login');
  const workspace = await loadWorkspace(slug);
  if (!workspace) notFound();
  const channel = await getChannel(supabase, { workspaceId: workspace.id, ref, userId: user.id });
  if (!channel) notFound();

  const [messages, canModerate] = await Promise.all([
    listMessages(supabase, { channelId: channel.id }),
    getCanModerate(supabase, { workspaceId: workspace.id, userId: user.id }),
  ]);
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
