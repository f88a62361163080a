-- =============================================================================================
-- Realtime topic names, defined once in SQL (mirrored by lib/realtime-topics.ts; a test keeps the
-- two in step). All topics are private channels authorized by policies on realtime.messages.
--   channel:<channel_id>         messages, edits, deletes, reactions, thread counts (database only)
--   channel:<channel_id>:typing  typing indicators (client broadcast by channel members)
--   workspace:<workspace_id>     presence of the workspace's active members
--   user:<user_id>               personal events (mentions, membership changes): that user alone
-- The name functions are plpgsql: a SQL function with SET search_path is never inlined and is
-- planned again on every call, and the message triggers call them for every message.
-- =============================================================================================

/** Topic carrying a channel's database events. */
create function private.channel_topic(channel_id uuid)
returns text
language plpgsql
immutable
set search_path = ''
as $$ begin return 'channel:' || channel_id::text; end $$;
comment on function private.channel_topic(uuid) is 'Realtime topic of a chat channel: channel:<id>.';

/** Topic for a channel's typing indicators (client broadcasts). */
create function private.channel_typing_topic(channel_id uuid)
returns text
language plpgsql
immutable
set search_path = ''
as $$ begin return 'channel:' || channel_id::text || ':typing'; end $$;
comment on function private.channel_typing_topic(uuid) is 'Realtime topic for typing indicators: channel:<id>:typing.';

/** Topic for a workspace's presence. */
create function private.workspace_topic(workspace_id uuid)
returns text
language plpgsql
immutable
set search_path = ''
as $$ begin return 'workspace:' || workspace_id::text; end $$;
comment on function private.workspace_topic(uuid) is 'Realtime topic for workspace presence: workspace:<id>.';

/** A user's personal topic. */
create function private.user_topic(user_id uuid)
returns text
language plpgsql
immutable
set search_path = ''
as $$ begin return 'user:' || user_id::text; end $$;
comment on function private.user_topic(uuid) is 'Realtime topic for one user''s personal events: user:<id>.';

/**
 * Decides whether the caller may receive (is_send = false) or send (is_send = true) on a topic with
 * the given extension ('broadcast' or 'presence'). Unknown or malformed topics are denied, never an error.
 *   channel:<id>         receive: readers of the channel; send: nobody (the database publishes)
 *   channel:<id>:typing  receive and send (broadcast): members of the channel, if not archived
 *   workspace:<id>       receive and send (presence, broadcast): active members
 *   user:<id>            receive and send: that user only
 */
create function private.can_use_topic(topic text, extension text, is_send boolean)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  parts text[];
  id uuid;
begin
  if topic is null or char_length(topic) > 200 or extension not in ('broadcast', 'presence') then
    return false;
  end if;
  parts := regexp_match(topic, '^(channel|workspace|user):([0-9a-f-]{36})(:typing)?$');
  if parts is null then
    return false;
  end if;
  id := private.try_uuid(parts[2]);
  if id is null or (parts[3] is not null and parts[1] <> 'channel') then
    return false;
  end if;
  if parts[1] = 'channel' and parts[3] is null then
    return not is_send and extension = 'broadcast' and private.can_read_channel(id);
  elsif parts[1] = 'channel' then
    return extension = 'broadcast' and private.can_post_in_channel(id);
  elsif parts[1] = 'workspace' then
    return private.is_workspace_member(id);
  else
    return id = (select auth.uid());
  end if;
end
$$;
comment on function private.can_use_topic(text, text, boolean) is
  'Authorization of Realtime private topics (see the header of this migration).';

revoke all on function private.channel_topic(uuid), private.channel_typing_topic(uuid), private.workspace_topic(uuid),
  private.user_topic(uuid), private.can_use_topic(text, text, boolean) from public;
grant execute on function private.channel_topic(uuid), private.channel_typing_topic(uuid), private.workspace_topic(uuid),
  private.user_topic(uuid), private.can_use_topic(text, text, boolean) to authenticated, service_role;
