-- =============================================================================================
-- Messages and what hangs off them: edit history, reactions, mentions, attachments, pins.
-- Every row carries workspace_id and channel_id (copied by triggers, never trusted from clients),
-- and composite foreign keys keep a child in its parent's channel and workspace.
-- =============================================================================================

create extension if not exists btree_gin with schema extensions;

/**
 * Weeks since 1970-01-01 (UTC) of a timestamp: the time bucket leading the messages' text index.
 * Built from immutable parts only (a difference of timestamps is an interval of days and time, not
 * depending on the session's time zone) and without `set search_path`, so Postgres inlines it into
 * the index definition and into queries (no function call per row); every name is schema-qualified
 * instead, so no caller's search_path can change what it computes.
 */
create function private.message_week(ts timestamptz)
returns integer
language sql
immutable
parallel safe
as $$
  select pg_catalog.floor(pg_catalog.date_part('epoch',
    ts operator(pg_catalog.-) '1970-01-01 00:00:00+00'::pg_catalog.timestamptz) operator(pg_catalog./) 604800
  )::pg_catalog.int4
$$;
comment on function private.message_week(timestamptz) is
  'Week number (since the Unix epoch) of a message time; leads the messages text indexes for recency-first search.';
revoke all on function private.message_week(timestamptz) from public, anon;
grant execute on function private.message_week(timestamptz) to authenticated, service_role;

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  channel_id uuid not null,
  seq bigint not null check (seq > 0),
  author_id uuid references public.profiles (id) on delete set null,
  client_id uuid not null,
  parent_id uuid,
  body text not null,
  also_in_channel boolean not null default false,
  reply_count integer not null default 0 check (reply_count >= 0),
  last_reply_at timestamptz,
  edited_at timestamptz,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  search tsvector generated always as (to_tsvector('english'::regconfig, body)) stored,
  unique (channel_id, seq),
  unique (author_id, client_id),
  unique (id, channel_id),
  foreign key (channel_id, workspace_id) references public.channels (id, workspace_id) on delete cascade,
  foreign key (parent_id, channel_id) references public.messages (id, channel_id) on delete cascade,
  constraint messages_body_length check (char_length(body) <= 40000),
  constraint messages_body_present check (deleted_at is not null or char_length(btrim(body)) > 0),
  constraint messages_also_in_channel_needs_parent check (not also_in_channel or parent_id is not null)
);
comment on table public.messages is
  'Chat messages. Written through send_message() (or a direct insert, equally guarded): a trigger assigns workspace_id, author_id and the per-channel seq. Soft-deleted by delete_message() (body emptied, deleted_at set).';
comment on column public.messages.seq is
  'Per-channel sequence number, gap-free and in commit order (assigned under the channel row lock). Thread replies get one too, so clients detect gaps on the channel topic.';
comment on column public.messages.client_id is 'UUID chosen by the sending client and reused on retries: unique per author, makes sends idempotent.';
comment on column public.messages.parent_id is 'Thread root for replies (one level only). Null for channel messages.';
comment on column public.messages.also_in_channel is 'A thread reply also shown in the channel ("also send to #channel").';
comment on column public.messages.reply_count is 'Roots only: number of replies that are not deleted. Maintained by triggers.';
comment on column public.messages.body is 'Markdown source, 1-40,000 characters (empty only once deleted). Rendered escaped by the client.';
comment on column public.messages.search is 'Full-text vector (english) used by search_messages().';
comment on constraint messages_body_length on public.messages is 'Message is too long (max 40000 characters).';
create index messages_channel_created_idx on public.messages (channel_id, created_at);
create index messages_parent_idx on public.messages (parent_id, seq) where parent_id is not null;
create index messages_workspace_created_idx on public.messages (workspace_id, created_at desc, id desc);
create index messages_channel_workspace_idx on public.messages (channel_id, workspace_id);
create index messages_parent_channel_idx on public.messages (parent_id, channel_id) where parent_id is not null;
-- The full-text index leads with the message's week (btree_gin) so that search can ask for "matches
-- in this week": GIN intersects the week's posting list with the words' lists inside the index, and
-- the newest 200 matches of a word in 1 of 200 messages cost the few hundred entries of the last
-- weeks instead of a bitmap and a heap fetch of every match in the workspace. A query without a week
-- condition (a rare word) reads the word's entries only, as with a one-column index. Insert CPU
-- with the week was within the noise of without. The trigram index stays one-column: the benchmark's
-- substring searches are rare (read whole) or dense (walked in time order), and with the week its
-- inserts measured 0.01-0.15 ms more CPU, for no search that needed it.
create index messages_search_idx on public.messages using gin (private.message_week(created_at), search);
create index messages_body_trgm_idx on public.messages using gin (body extensions.gin_trgm_ops);
alter table public.messages enable row level security;

create table public.message_edits (
  id bigint generated always as identity primary key,
  message_id uuid not null,
  workspace_id uuid not null,
  channel_id uuid not null,
  previous_body text not null,
  edited_by uuid references public.profiles (id) on delete set null,
  edited_at timestamptz not null default now(),
  foreign key (message_id, channel_id) references public.messages (id, channel_id) on delete cascade,
  foreign key (channel_id, workspace_id) references public.channels (id, workspace_id) on delete cascade
);
comment on table public.message_edits is 'Edit history: the body a message had before each edit. Written by a trigger; purged when the message is deleted.';
create index message_edits_message_idx on public.message_edits (message_id, channel_id);
create index message_edits_channel_idx on public.message_edits (channel_id, workspace_id);
create index message_edits_edited_by_idx on public.message_edits (edited_by);
alter table public.message_edits enable row level security;

create table public.reactions (
  message_id uuid not null,
  user_id uuid not null references public.profiles (id) on delete cascade,
  emoji text not null check (emoji ~ '^[a-z0-9_+-]{1,64}$'),
  workspace_id uuid not null,
  channel_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (message_id, user_id, emoji),
  foreign key (message_id, channel_id) references public.messages (id, channel_id) on delete cascade,
  foreign key (channel_id, workspace_id) references public.channels (id, workspace_id) on delete cascade
);
comment on table public.reactions is 'Emoji reactions (shortcodes such as `thumbsup`), one per (message, user, emoji). Toggled by toggle_reaction().';
create index reactions_message_channel_idx on public.reactions (message_id, channel_id);
create index reactions_channel_workspace_idx on public.reactions (channel_id, workspace_id);
create index reactions_user_idx on public.reactions (user_id);
alter table public.reactions enable row level security;

create table public.mentions (
  message_id uuid not null,
  user_id uuid not null references public.profiles (id) on delete cascade,
  workspace_id uuid not null,
  channel_id uuid not null,
  seq bigint not null,
  created_at timestamptz not null default now(),
  primary key (message_id, user_id),
  foreign key (message_id, channel_id) references public.messages (id, channel_id) on delete cascade,
  foreign key (channel_id, workspace_id) references public.channels (id, workspace_id) on delete cascade
);
comment on table public.mentions is
  'Who a message mentions (`<@user-id>` tokens resolving to members of the channel). Derived by triggers on insert and edit, removed on delete; feeds channel_unreads().mention_count.';
create index mentions_user_channel_seq_idx on public.mentions (user_id, channel_id, seq);
create index mentions_message_channel_idx on public.mentions (message_id, channel_id);
create index mentions_channel_workspace_idx on public.mentions (channel_id, workspace_id);
alter table public.mentions enable row level security;

create table public.attachments (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  channel_id uuid not null,
  message_id uuid,
  uploader_id uuid references public.profiles (id) on delete set null,
  bucket_id text not null default 'attachments' check (bucket_id = 'attachments'),
  object_path text not null unique,
  file_name text not null check (char_length(file_name) between 1 and 255),
  mime_type text not null check (char_length(mime_type) <= 255),
  size_bytes bigint not null check (size_bytes >= 0),
  created_at timestamptz not null default now(),
  foreign key (channel_id, workspace_id) references public.channels (id, workspace_id) on delete cascade,
  foreign key (message_id, channel_id) references public.messages (id, channel_id) on delete set null (message_id),
  constraint attachments_path_in_channel check (
    object_path like workspace_id::text || '/' || channel_id::text || '/%'
  )
);
comment on table public.attachments is
  'A file in the `attachments` bucket at `<workspace_id>/<channel_id>/<uuid>/<file name>`, registered by the uploader and linked to a message by send_message(attachment_ids).';
create index attachments_channel_workspace_idx on public.attachments (channel_id, workspace_id);
create index attachments_message_channel_idx on public.attachments (message_id, channel_id) where message_id is not null;
create index attachments_uploader_idx on public.attachments (uploader_id);
create index attachments_workspace_idx on public.attachments (workspace_id);
alter table public.attachments enable row level security;

create table public.pins (
  channel_id uuid not null,
  message_id uuid not null,
  workspace_id uuid not null,
  pinned_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (channel_id, message_id),
  foreign key (message_id, channel_id) references public.messages (id, channel_id) on delete cascade,
  foreign key (channel_id, workspace_id) references public.channels (id, workspace_id) on delete cascade
);
comment on table public.pins is 'Messages pinned to their channel; any member who can post may pin and unpin.';
create index pins_message_channel_idx on public.pins (message_id, channel_id);
create index pins_channel_workspace_idx on public.pins (channel_id, workspace_id);
create index pins_pinned_by_idx on public.pins (pinned_by);
alter table public.pins enable row level security;
