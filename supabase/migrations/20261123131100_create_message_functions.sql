-- =============================================================================================
-- Message RPCs: send (idempotent), edit, delete, react, and keyset reads.
-- Limits: a body is 1-40,000 characters (Zulip caps at 10,000; long code pastes are common in
-- team chat, and 40,000 keeps a message well under Realtime's payload limit).
-- =============================================================================================

/** Validates a message body: raises 22023 when empty, 22001 when over 40,000 characters. */
create function private.check_body(body text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if body is null or btrim(body, E' \t\r\n') = '' then
    raise exception 'Message body cannot be empty' using errcode = '22023';
  end if;
  if char_length(body) > 40000 then
    raise exception 'Message is too long (max 40000 characters)' using errcode = '22001';
  end if;
end
$$;
comment on function private.check_body(text) is 'Message body rules: not blank, at most 40000 characters.';
grant execute on function private.check_body(text) to authenticated, service_role;

/**
 * Links attachments the caller uploaded to the channel (and not yet used) to a message of theirs.
 * Security definer: clients have no UPDATE on attachments, so a file cannot be moved between messages.
 */
create function private.link_attachments(message_id uuid, attachment_ids uuid[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  msg record;
  linked integer;
begin
  select m.id, m.channel_id, m.author_id into msg from public.messages m where m.id = link_attachments.message_id;
  if not found or msg.author_id is distinct from (select auth.uid()) then
    raise exception 'Message not found' using errcode = 'PT404';
  end if;
  update public.attachments a set message_id = msg.id
  where a.id = any (link_attachments.attachment_ids) and a.channel_id = msg.channel_id
    and a.uploader_id = msg.author_id and a.message_id is null;
  get diagnostics linked = row_count;
  if linked <> (select count(distinct x) from unnest(link_attachments.attachment_ids) x) then
    raise exception 'Attachment not found' using errcode = 'PT404';
  end if;
end
$$;
comment on function private.link_attachments(uuid, uuid[]) is 'Attaches the caller''s unused uploads in the same channel to their message.';
grant execute on function private.link_attachments(uuid, uuid[]) to authenticated, service_role;

/**
 * Sends a message (or a thread reply with parent_id). Idempotent on (author, client_id): a retry
 * with the same client_id returns the original message and inserts nothing; reusing a client_id for
 * different content is an error. The seq is assigned in this transaction under the channel lock
 * (by the insert trigger). attachment_ids links files the caller uploaded to this channel and
 * registered in attachments.
 * Two sends of one client_id at the same time: both miss the first lookup, the second insert waits
 * on the channel lock and then fails on the (author_id, client_id) unique key; that failure is
 * caught (its seq bump rolls back with it) and the first message is returned.
 */
create function public.send_message(
  channel_id uuid,
  body text,
  client_id uuid,
  parent_id uuid default null,
  also_in_channel boolean default false,
  attachment_ids uuid[] default null
)
returns public.messages
language plpgsql
security invoker
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  msg public.messages;
  violated text;
begin
  if send_message.client_id is null then
    raise exception 'client_id is required: a UUID made by the client and reused on retries' using errcode = '22023';
  end if;
  perform private.check_body(send_message.body);
  if send_message.attachment_ids is not null and cardinality(send_message.attachment_ids) > 10 then
    raise exception 'A message can carry at most 10 files' using errcode = '22023';
  end if;

  select * into msg from public.messages m where m.author_id = uid and m.client_id = send_message.client_id;
  if not found then
    begin
      insert into public.messages (channel_id, client_id, parent_id, body, also_in_channel)
      values (send_message.channel_id, send_message.client_id, send_message.parent_id, send_message.body,
              coalesce(send_message.also_in_channel, false))
      returning * into msg;
      if send_message.attachment_ids is not null and cardinality(send_message.attachment_ids) > 0 then
        perform private.link_attachments(msg.id, send_message.attachment_ids);
      end if;
      return msg;
    exception when unique_violation then
      get stacked diagnostics violated = constraint_name;
      if violated is distinct from 'messages_author_id_client_id_key' then
        raise;
      end if;
    end;
    -- A concurrent send of this client_id committed first: answer as a retry.
    select * into strict msg from public.messages m where m.author_id = uid and m.client_id = send_message.client_id;
  end if;
  if msg.channel_id is distinct from send_message.channel_id
     or msg.parent_id is distinct from send_message.parent_id
     or (msg.deleted_at is null and msg.body is distinct from send_message.body) then
    raise exception 'This client_id was already used for a different message' using errcode = 'PT409';
  end if;
  return msg;
end
$$;
comment on function public.send_message(uuid, text, uuid, uuid, boolean, uuid[]) is
  'Sends a message idempotently on client_id; returns it with its seq. Errors: 22023 empty/no client_id, 22001 too long, PT404 channel/thread not found, 42501 not a member, PT409 archived or client_id reused.';


/** Edits the caller's own message; the previous body goes to message_edits. */
create function public.edit_message(message_id uuid, body text)
returns public.messages
language plpgsql
security invoker
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  msg public.messages;
begin
  perform private.check_body(edit_message.body);
  select * into msg from public.messages m where m.id = edit_message.message_id;
  if not found then
    raise exception 'Message not found' using errcode = 'PT404';
  end if;
  if msg.deleted_at is not null then
    raise exception 'This message was deleted and cannot be edited' using errcode = 'PT409';
  end if;
  if msg.author_id is distinct from uid then
    raise exception 'You can only edit your own messages' using errcode = '42501';
  end if;
  if not private.can_post_in_channel(msg.channel_id) then
    raise exception 'This channel is archived or you left it' using errcode = 'PT409';
  end if;
  if msg.body = edit_message.body then
    return msg;
  end if;
  update public.messages m set body = edit_message.body where m.id = edit_message.message_id
  returning * into msg;
  return msg;
end
$$;
comment on function public.edit_message(uuid, text) is
  'Author edits a message (history kept). Errors: PT404 not visible, 42501 not the author, PT409 deleted/archived, 22023/22001 bad body.';

/**
 * Soft-deletes a message: the body is emptied, edit history, mentions and reactions are purged and a
 * tombstone stays so seqs have no holes. Authors delete their own; admins and owners moderate in
 * channels they can read (an audit_log row records it).
 * Security definer: moderators must tombstone messages they may not edit, and a row policy cannot
 * tell a tombstone from an edit. Visibility is checked explicitly with can_read_channel().
 */
create function public.delete_message(message_id uuid)
returns public.messages
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  msg public.messages;
begin
  select * into msg from public.messages m where m.id = delete_message.message_id for update;
  if not found or not private.can_read_channel(msg.channel_id) then
    raise exception 'Message not found' using errcode = 'PT404';
  end if;
  if msg.deleted_at is not null then
    return msg;
  end if;
  if msg.author_id is distinct from uid then
    if not private.is_workspace_admin(msg.workspace_id) then
      raise exception 'You can only delete your own messages' using errcode = '42501';
    end if;
    perform private.audit(msg.workspace_id, 'message.moderated', msg.author_id, msg.id,
      jsonb_build_object('channel_id', msg.channel_id, 'seq', msg.seq));
  end if;
  delete from public.message_edits e where e.message_id = msg.id;
  delete from public.reactions r where r.message_id = msg.id;
  delete from public.pins p where p.message_id = msg.id;
  update public.attachments a set message_id = null where a.message_id = msg.id;
  update public.messages m set body = '', deleted_at = now() where m.id = msg.id returning * into msg;
  return msg;
end
$$;
comment on function public.delete_message(uuid) is
  'Soft-deletes (author, or admin/owner moderation with audit). Idempotent. Errors: PT404 not visible, 42501 not allowed.';

/** Adds the caller's reaction, or removes it if present. Returns true when added. */
create function public.toggle_reaction(message_id uuid, emoji text)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
begin
  if toggle_reaction.emoji is null or toggle_reaction.emoji !~ '^[a-z0-9_+-]{1,64}$' then
    raise exception 'emoji must be a shortcode such as "thumbsup" (a-z, 0-9, _ + -, max 64)'
      using errcode = '22023';
  end if;
  if not exists (select 1 from public.messages m where m.id = toggle_reaction.message_id) then
    raise exception 'Message not found' using errcode = 'PT404';
  end if;
  delete from public.reactions r
  where r.message_id = toggle_reaction.message_id and r.user_id = uid and r.emoji = toggle_reaction.emoji;
  if found then
    return false;
  end if;
  insert into public.reactions (message_id, emoji) values (toggle_reaction.message_id, toggle_reaction.emoji);
  return true;
end
$$;
comment on function public.toggle_reaction(uuid, text) is
  'Toggles the caller''s emoji reaction. Errors: 22023 bad emoji, PT404 not visible, PT409 deleted, 42501 not a member.';

/**
 * A page of a channel's messages in ascending seq, by keyset (never OFFSET): the newest `limit`
 * when neither cursor is given, those before `before_seq` (history), or after `after_seq` (catch-up
 * after a gap or reconnect). include_replies adds thread replies (use it with after_seq so a client
 * sees every seq); otherwise only the channel stream (roots and "also in channel" replies).
 */
create function public.fetch_messages(
  channel_id uuid,
  before_seq bigint default null,
  after_seq bigint default null,
  "limit" integer default 50,
  include_replies boolean default false
)
returns setof public.messages
language plpgsql
stable
security invoker
set search_path = ''
-- Every page is the same index range scan on (channel_id, seq): the generic plan is always right,
-- and the default (a custom plan per call, never switching) re-planned each page, ~15 % of its cost.
set plan_cache_mode = force_generic_plan
as $$
begin
  if fetch_messages.before_seq is not null and fetch_messages.after_seq is not null then
    raise exception 'Give before_seq or after_seq, not both' using errcode = '22023';
  end if;
  if fetch_messages."limit" is null or fetch_messages."limit" not between 1 and 200 then
    raise exception 'limit must be between 1 and 200' using errcode = '22023';
  end if;
  if coalesce(fetch_messages.before_seq, 0) < 0 or coalesce(fetch_messages.after_seq, 0) < 0 then
    raise exception 'seq cursors are non-negative' using errcode = '22023';
  end if;
  if not private.can_read_channel(fetch_messages.channel_id) then
    raise exception 'Channel not found' using errcode = 'PT404';
  end if;
  if fetch_messages.after_seq is not null then
    return query
      select m.* from public.messages m
      where m.channel_id = fetch_messages.channel_id and m.seq > fetch_messages.after_seq
        and (fetch_messages.include_replies or m.parent_id is null or m.also_in_channel)
      order by m.seq asc
      limit fetch_messages."limit";
  elsif fetch_messages.before_seq is not null then
    return query
      select p.* from (
        select m.* from public.messages m
        where m.channel_id = fetch_messages.channel_id and m.seq < fetch_messages.before_seq
          and (fetch_messages.include_replies or m.parent_id is null or m.also_in_channel)
        order by m.seq desc
        limit fetch_messages."limit"
      ) p
      order by p.seq asc;
  else
    return query
      select p.* from (
        select m.* from public.messages m
        where m.channel_id = fetch_messages.channel_id
          and (fetch_messages.include_replies or m.parent_id is null or m.also_in_channel)
        order by m.seq desc
        limit fetch_messages."limit"
      ) p
      order by p.seq asc;
  end if;
end
$$;
comment on function public.fetch_messages(uuid, bigint, bigint, integer, boolean) is
  'Keyset page of a channel (ascending seq), an index range scan on (channel_id, seq). Errors: PT404 not visible, 22023 bad cursor/limit.';

/** A thread: the root followed by its replies in seq order, after `after_seq` if given. */
create function public.list_thread(message_id uuid, after_seq bigint default null, "limit" integer default 100)
returns setof public.messages
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  root public.messages;
begin
  if list_thread."limit" is null or list_thread."limit" not between 1 and 500 then
    raise exception 'limit must be between 1 and 500' using errcode = '22023';
  end if;
  select * into root from public.messages m where m.id = list_thread.message_id;
  if not found then
    raise exception 'Thread not found' using errcode = 'PT404';
  end if;
  if root.parent_id is not null then
    raise exception 'That message is a reply; open its thread root (parent_id) instead' using errcode = '22023';
  end if;
  return query
    select m.* from public.messages m
    where (m.id = root.id and list_thread.after_seq is null)
       or (m.parent_id = root.id and m.channel_id = root.channel_id
           and m.seq > coalesce(list_thread.after_seq, 0))
    order by m.seq asc
    limit list_thread."limit";
end
$$;
comment on function public.list_thread(uuid, bigint, integer) is 'Thread root and replies. Errors: PT404 not visible, 22023 reply id or bad limit.';

revoke all on function public.send_message(uuid, text, uuid, uuid, boolean, uuid[]), public.edit_message(uuid, text),
  public.delete_message(uuid), public.toggle_reaction(uuid, text),
  public.fetch_messages(uuid, bigint, bigint, integer, boolean), public.list_thread(uuid, bigint, integer)
  from public, anon;
grant execute on function public.send_message(uuid, text, uuid, uuid, boolean, uuid[]), public.edit_message(uuid, text),
  public.delete_message(uuid), public.toggle_reaction(uuid, text),
  public.fetch_messages(uuid, bigint, bigint, integer, boolean), public.list_thread(uuid, bigint, integer)
  to authenticated, service_role;
