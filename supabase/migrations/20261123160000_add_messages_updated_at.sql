-- =============================================================================================
-- messages.updated_at: when a message last changed in any way a reader sees (insert, edit, delete,
-- thread counters, reactions). It is the cursor of fetch_message_changes(), which lets a client that
-- was disconnected catch up on edits, deletes and reactions (broadcasts are never replayed; new
-- messages are caught up by seq instead).
-- =============================================================================================

alter table public.messages add column updated_at timestamptz not null default now();
comment on column public.messages.updated_at is
  'Last change a reader can see (edit, delete, reply count, reactions); maintained by triggers, the cursor of fetch_message_changes().';

-- Existing rows: their latest known change.
update public.messages m
set updated_at = greatest(m.created_at, m.edited_at, m.deleted_at, m.last_reply_at)
where m.updated_at is distinct from greatest(m.created_at, m.edited_at, m.deleted_at, m.last_reply_at);

-- The keyset index of fetch_message_changes(). Trade-off, measured: with updated_at indexed, updates
-- of messages (reply counts, reactions) cannot be HOT updates; without the index 100 of 100 such
-- updates were HOT on pages with free space, but none were on full pages (fillfactor 100, and
-- messages are append-mostly, so old rows sit on full pages), with equal timings. A separate narrow
-- change table would have kept them HOT-eligible at the cost of an extra row and two index entries
-- on every send, the hot path; so the index lives here.
create index messages_channel_updated_idx on public.messages (channel_id, updated_at, id);

/**
 * BEFORE INSERT/UPDATE on messages: stamps updated_at with the wall clock (clock_timestamp(), not the
 * transaction start, so later statements of one transaction sort later). Named to run after
 * messages_before_insert/messages_before_update, so nothing resets it afterwards; clients cannot choose it.
 */
create function private.messages_touch_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := clock_timestamp();
  return new;
end
$$;
comment on function private.messages_touch_updated_at() is 'Stamps messages.updated_at on every insert and update.';

create trigger messages_touch_updated_at
  before insert or update on public.messages
  for each row execute function private.messages_touch_updated_at();

/**
 * AFTER INSERT/DELETE on reactions: a reaction is a change of its message for catch-up purposes, so
 * the message's updated_at moves (no broadcast: broadcast_message_change() ignores such updates, and
 * the reaction has its own event). Security definer: reactors may not update others' messages.
 */
create function private.reactions_touch_message()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.reactions := coalesce(new, old);
begin
  update public.messages m set updated_at = clock_timestamp() where m.id = r.message_id;
  return null;
end
$$;
comment on function private.reactions_touch_message() is 'Moves the reacted message''s updated_at so catch-up sees reaction changes.';

create trigger reactions_touch_message
  after insert or delete on public.reactions
  for each row execute function private.reactions_touch_message();
