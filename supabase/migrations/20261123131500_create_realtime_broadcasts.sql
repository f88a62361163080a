-- =============================================================================================
-- Broadcast from the database: triggers publish message, reaction and thread changes to the private
-- topic channel:<id>, and personal events to user:<id>, with realtime.send(). Payloads never include
-- the search vector. Table-wide postgres_changes is not used (see docs/decisions/0007).
--
-- Events on channel:<id>:  message_created, message_updated (edit), message_deleted,
--                          thread_updated (reply_count / last_reply_at of a root),
--                          reaction_added, reaction_removed   (payload: the row, as JSON)
-- Events on user:<id>:     mention {message_id, channel_id, workspace_id, seq},
--                          channel_joined / channel_left {channel_id, workspace_id}
-- =============================================================================================

/** The public shape of a message in realtime payloads (plpgsql: planned once per session, not per message). */
create function private.message_payload(m public.messages)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$ begin return to_jsonb(m) - 'search'; end $$;
comment on function private.message_payload(public.messages) is 'Message row as JSON without the search vector.';

/** AFTER INSERT/UPDATE on messages: publishes to channel:<id>. */
create function private.broadcast_message_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  event text;
begin
  if tg_op = 'INSERT' then
    event := 'message_created';
  elsif new.deleted_at is not null and old.deleted_at is null then
    event := 'message_deleted';
  elsif new.body is distinct from old.body then
    event := 'message_updated';
  elsif new.reply_count is distinct from old.reply_count or new.last_reply_at is distinct from old.last_reply_at then
    event := 'thread_updated';
  else
    return null;
  end if;
  perform realtime.send(jsonb_build_object('message', private.message_payload(new)), event,
    private.channel_topic(new.channel_id), true);
  return null;
end
$$;
comment on function private.broadcast_message_change() is 'Broadcasts message inserts, edits, deletes and thread counters.';

create trigger messages_broadcast
  after insert or update on public.messages
  for each row execute function private.broadcast_message_change();

/** AFTER INSERT/DELETE on reactions: publishes to channel:<id>. */
create function private.broadcast_reaction_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.reactions := coalesce(new, old);
begin
  perform realtime.send(
    jsonb_build_object('reaction', to_jsonb(r)),
    case when tg_op = 'INSERT' then 'reaction_added' else 'reaction_removed' end,
    private.channel_topic(r.channel_id), true);
  return null;
end
$$;
comment on function private.broadcast_reaction_change() is 'Broadcasts reaction adds and removals.';

create trigger reactions_broadcast
  after insert or delete on public.reactions
  for each row execute function private.broadcast_reaction_change();

/** AFTER INSERT on mentions: tells the mentioned user on user:<id>. */
create function private.broadcast_mention()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send(
    jsonb_build_object('message_id', new.message_id, 'channel_id', new.channel_id,
      'workspace_id', new.workspace_id, 'seq', new.seq),
    'mention', private.user_topic(new.user_id), true);
  return null;
end
$$;
comment on function private.broadcast_mention() is 'Notifies a mentioned user on their personal topic.';

create trigger mentions_broadcast
  after insert on public.mentions
  for each row execute function private.broadcast_mention();

/** AFTER INSERT/DELETE on channel_members: tells the user their channel list changed. */
create function private.broadcast_membership_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  cm public.channel_members := coalesce(new, old);
begin
  perform realtime.send(
    jsonb_build_object('channel_id', cm.channel_id, 'workspace_id', cm.workspace_id),
    case when tg_op = 'INSERT' then 'channel_joined' else 'channel_left' end,
    private.user_topic(cm.user_id), true);
  return null;
end
$$;
comment on function private.broadcast_membership_change() is 'Notifies a user on user:<id> when they join or leave a channel.';

create trigger channel_members_broadcast
  after insert or delete on public.channel_members
  for each row execute function private.broadcast_membership_change();
