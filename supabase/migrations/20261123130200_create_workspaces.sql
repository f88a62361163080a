-- =============================================================================================
-- Workspaces, their members and invites.
-- =============================================================================================

create type public.workspace_role as enum ('owner', 'admin', 'member', 'guest');
comment on type public.workspace_role is
  'owner: everything, incl. deleting the workspace; admin: manage members (up to member) and moderate; member: normal user; guest: sees only channels they were added to.';

create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'),
  name text not null check (char_length(btrim(name)) between 1 and 80),
  settings jsonb not null default '{"ai_enabled": true}'::jsonb check (jsonb_typeof(settings) = 'object'),
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.workspaces is 'A tenant: every other row carries its workspace_id. Created through create_workspace().';
comment on column public.workspaces.slug is 'URL name: 3-40 lowercase letters, digits and hyphens.';
comment on column public.workspaces.settings is 'Workspace settings, e.g. {"ai_enabled": true}. Editable by admins.';
create index workspaces_created_by_idx on public.workspaces (created_by);
alter table public.workspaces enable row level security;
create trigger workspaces_set_updated_at
  before update on public.workspaces
  for each row execute function private.set_updated_at();

create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  role public.workspace_role not null default 'member',
  deactivated_at timestamptz,
  invited_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
comment on table public.workspace_members is
  'Membership of a user in a workspace. Deleting the row removes the user (and, by cascade, their channel memberships); deactivated_at keeps the row but revokes all access. Written only through the member RPCs.';
comment on column public.workspace_members.deactivated_at is 'Set by deactivate_member(): the user keeps nothing but the row.';
create index workspace_members_user_id_idx on public.workspace_members (user_id, workspace_id);
create index workspace_members_invited_by_idx on public.workspace_members (invited_by);
alter table public.workspace_members enable row level security;

create table public.workspace_invites (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  token_hash bytea not null unique,
  role public.workspace_role not null default 'member' check (role <> 'owner'),
  email text check (email is null or email ~ '^[^@\s]+@[^@\s]+$'),
  expires_at timestamptz not null,
  max_uses integer not null default 1 check (max_uses between 1 and 1000),
  use_count integer not null default 0 check (use_count >= 0 and use_count <= max_uses),
  revoked_at timestamptz,
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now()
);
comment on table public.workspace_invites is
  'Invite links. Only the SHA-256 of the token is stored; the token itself is returned once by create_invite(). Admins may revoke (set revoked_at).';
comment on column public.workspace_invites.email is 'When set, only the user with this email may accept.';
create index workspace_invites_workspace_id_idx on public.workspace_invites (workspace_id);
create index workspace_invites_created_by_idx on public.workspace_invites (created_by);
alter table public.workspace_invites enable row level security;
