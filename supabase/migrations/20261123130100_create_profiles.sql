-- =============================================================================================
-- Profiles: one row per auth user, created by a trigger on auth.users.
-- =============================================================================================

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null check (char_length(display_name) between 1 and 80),
  avatar_path text check (avatar_path is null or char_length(avatar_path) <= 512),
  status_text text check (status_text is null or char_length(status_text) <= 100),
  status_emoji text check (status_emoji is null or status_emoji ~ '^[a-z0-9_+-]{1,64}$'),
  time_zone text check (time_zone is null or char_length(time_zone) <= 64),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.profiles is
  'Public face of a user (1:1 with auth.users). Visible to the user and to people sharing a workspace. Emails stay in auth.users.';
comment on column public.profiles.avatar_path is 'Object path in the `avatars` bucket (`<user_id>/<file>`).';
comment on column public.profiles.status_emoji is 'Emoji shortcode, e.g. `palm_tree`.';

alter table public.profiles enable row level security;

/**
 * Creates the profile of a new auth user. The display name comes from the sign-up metadata
 * (`display_name` or `full_name`) or else the local part of the email.
 * Security definer: runs inside GoTrue's insert as supabase_auth_admin, which may not write public.
 */
create function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, display_name)
  values (
    new.id,
    left(coalesce(
      nullif(btrim(new.raw_user_meta_data ->> 'display_name'), ''),
      nullif(btrim(new.raw_user_meta_data ->> 'full_name'), ''),
      nullif(split_part(coalesce(new.email, ''), '@', 1), ''),
      'user'
    ), 80)
  )
  on conflict (id) do nothing;
  return new;
end
$$;
comment on function private.handle_new_user() is 'Trigger on auth.users: creates the matching public.profiles row.';

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function private.handle_new_user();

/** Keeps `updated_at` current on every update of a table that has it. */
create function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
comment on function private.set_updated_at() is 'BEFORE UPDATE trigger: sets updated_at = now().';

create trigger profiles_set_updated_at
  before update on public.profiles
  for each row execute function private.set_updated_at();
