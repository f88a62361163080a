-- =============================================================================================
-- fetch_messages(): one statement per cursor kind, so every page (newest, history, catch-up) is an
-- index range scan on messages (channel_id, seq) with plain parameters, whether plpgsql runs the
-- cached generic plan or a custom one. The old single statement with
-- `(before_seq is null or seq < before_seq)` could not use seq as an index bound in a generic plan.
-- =============================================================================================

/**
 * A page of a channel's messages in ascending seq, by keyset (never OFFSET): the newest `limit`
 * when neither cursor is given, those before `before_seq` (history), or after `after_seq` (catch-up
 * after a gap or reconnect). include_replies adds thread replies (use it with after_seq so a client
 * sees every seq); otherwise only the channel stream (roots and "also in channel" replies).
 */
create or replace function public.fetch_messages(
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
