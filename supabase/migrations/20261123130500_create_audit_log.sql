-- =============================================================================================
-- Audit log: append-only record of admin actions, readable by the workspace's admins and owners.
-- =============================================================================================

create table public.audit_log (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  actor_id uuid references public.profiles (id) on delete set null,
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  target_user_id uuid references public.profiles (id) on delete set null,
  target_id uuid,
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
comment on table public.audit_log is
  'Append-only log of admin actions (role changes, removals, deactivations, ownership transfers, invites, moderation). Written only by security definer RPCs; no one may update or delete rows.';
comment on column public.audit_log.action is 'Dotted verb, e.g. `member.role_changed`, `message.moderated`.';
comment on column public.audit_log.target_id is 'The affected object when it is not a user (invite, message, channel).';
create index audit_log_workspace_created_idx on public.audit_log (workspace_id, created_at desc);
create index audit_log_actor_idx on public.audit_log (actor_id);
create index audit_log_target_user_idx on public.audit_log (target_user_id);
alter table public.audit_log enable row level security;

/** Appends an audit row as the current user. Called only from security definer RPCs. */
create function private.audit(
  workspace_id uuid, action text, target_user_id uuid default null, target_id uuid default null,
  details jsonb default '{}'::jsonb
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.audit_log (workspace_id, actor_id, action, target_user_id, target_id, details)
  values (audit.workspace_id, (select auth.uid()), audit.action, audit.target_user_id, audit.target_id,
          coalesce(audit.details, '{}'::jsonb));
$$;
comment on function private.audit(uuid, text, uuid, uuid, jsonb) is 'Writes one audit_log row with actor = auth.uid().';
