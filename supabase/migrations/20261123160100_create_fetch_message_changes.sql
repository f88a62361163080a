-- =============================================================================================
-- fetch_message_changes(): catch-up of edits, deletes, thread counters and reactions by
-- (updated_at, id) keyset, for clients that were disconnected while broadcasts went by.
-- =============================================================================================

/**
 * The channel's messages (thread replies included) changed at or after `since` (with after_id:
 * strictly after the row (since, after_id)), oldest change first, at most `limit`. Page on with the
 * last row's (updated_at, id). updated_at is stamped in transaction order only approximately (a transaction
 * that started earlier may commit later), so clients re-read a few seconds before their cursor and
 * merge idempotently. Keyset on messages (channel_id, updated_at, id), never OFFSET.
 */
create function public.fetch_message_changes(
  channel_id uuid,
  since timestamptz,
  after_id uuid default null,
  "limit" integer default 100
)
returns setof public.messages
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if fetch_message_changes.since is null or not isfinite(fetch_message_changes.since) then
    raise exception 'since is required: the updated_at of the last change you have' using errcode = '22023';
  end if;
  if fetch_message_changes."limit" is null or fetch_message_changes."limit" not between 1 and 200 then
    raise exception 'limit must be between 1 and 200' using errcode = '22023';
  end if;
  if not private.can_read_channel(fetch_message_changes.channel_id) then
    raise exception 'Channel not found' using errcode = 'PT404';
  end if;
  return query
    select m.* from public.messages m
    where m.channel_id = fetch_message_changes.channel_id
      and (m.updated_at, m.id) > (fetch_message_changes.since,
        coalesce(fetch_message_changes.after_id, '00000000-0000-0000-0000-000000000000'::uuid))
    order by m.updated_at asc, m.id asc
    limit fetch_message_changes."limit";
end
$$;
comment on function public.fetch_message_changes(uuid, timestamptz, uuid, integer) is
  'Messages of a channel changed after the (since, after_id) cursor, by keyset. Errors: PT404 not visible, 22023 missing cursor/bad limit.';

revoke all on function public.fetch_message_changes(uuid, timestamptz, uuid, integer) from public, anon;
grant execute on function public.fetch_message_changes(uuid, timestamptz, uuid, integer) to authenticated, service_role;
