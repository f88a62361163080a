-- =============================================================================================
-- Channels (public, private, DMs, group DMs) and channel membership with read positions.
-- =============================================================================================

create type public.channel_kind as enum ('public', 'private', 'dm', 'group_dm');
comment on type public.channel_kind is
  'public: visible to non-guest workspace members; private: members only; dm/group_dm: the fixed set of participants.';

create type public.notification_level as enum ('all', 'mentions', 'none');
comment on type public.notification_level is 'Per-channel notification preference of a member.';

create table public.channels (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  kind public.channel_kind not null,
  name text,
  topic text check (topic is null or char_length(topic) <= 250),
  is_default boolean not null default false,
  dm_key text,
  created_by uuid references public.profiles (id) on delete set null,
  archived_at timestamptz,
  last_seq bigint not null default 0 check (last_seq >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, workspace_id),
  constraint channels_name_by_kind check (
    case when kind in ('public', 'private')
      then name is not null and name ~ '^[a-z0-9][a-z0-9_-]{0,79}$' and dm_key is null
      else name is null and dm_key is not null
    end
  )
);
comment on table public.channels is
  'A conversation: public or private channel, DM or group DM. Created through create_channel() / open_dm().';
comment on column public.channels.name is
  'Channel name without #: lowercase ASCII letters, digits, - and _ (so no homoglyph or bidi tricks). Null for DMs.';
comment on column public.channels.dm_key is 'DMs only: the sorted participant ids, unique per workspace (one DM per set of people).';
comment on column public.channels.is_default is 'New non-guest members join default channels (#general) automatically.';
comment on column public.channels.last_seq is
  'Seq of the newest message. Bumped under the row lock by the message insert trigger, so seqs commit in order.';
create unique index channels_workspace_name_key on public.channels (workspace_id, name) where name is not null;
create unique index channels_workspace_dm_key on public.channels (workspace_id, dm_key) where dm_key is not null;
create index channels_created_by_idx on public.channels (created_by);
create index channels_workspace_kind_idx on public.channels (workspace_id, kind);
alter table public.channels enable row level security;
create trigger channels_set_updated_at
  before update on public.channels
  for each row execute function private.set_updated_at();

create table public.channel_members (
  channel_id uuid not null,
  user_id uuid not null,
  workspace_id uuid not null,
  last_read_seq bigint not null default 0 check (last_read_seq >= 0),
  notification_level public.notification_level not null default 'all',
  joined_at timestamptz not null default now(),
  primary key (channel_id, user_id),
  foreign key (channel_id, workspace_id) references public.channels (id, workspace_id) on delete cascade,
  foreign key (workspace_id, user_id) references public.workspace_members (workspace_id, user_id) on delete cascade
);
comment on table public.channel_members is
  'Who is in a channel, with their read position. Removing the workspace membership cascades here. Visible to people who can read the channel.';
comment on column public.channel_members.last_read_seq is 'Seq of the last message the member has read; unread counts derive from it (channel_unreads()).';
create index channel_members_user_id_idx on public.channel_members (user_id, channel_id);
create index channel_members_workspace_user_idx on public.channel_members (workspace_id, user_id);
create index channel_members_channel_workspace_idx on public.channel_members (channel_id, workspace_id);
alter table public.channel_members enable row level security;
