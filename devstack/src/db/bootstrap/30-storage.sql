-- Schema `storage` as Supabase Storage's migrations leave it (the tables, columns and helper functions
-- that policies use). Owned by supabase_storage_admin; RLS enabled, policies are the app's.

create schema if not exists storage authorization supabase_storage_admin;
grant usage on schema storage to postgres, anon, authenticated, service_role;
grant all on schema storage to supabase_storage_admin;
set local role supabase_storage_admin;

create table if not exists storage.buckets (
  id text primary key,
  name text not null,
  owner uuid,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  public boolean default false,
  avif_autodetection boolean default false,
  file_size_limit bigint,
  allowed_mime_types text[],
  owner_id text
);
create unique index if not exists bname on storage.buckets using btree (name);
do $$
begin
  if not exists (select 1 from pg_type t join pg_namespace n on n.oid = t.typnamespace
                 where n.nspname = 'storage' and t.typname = 'buckettype') then
    create type storage.buckettype as enum ('STANDARD', 'ANALYTICS', 'VECTOR');
  end if;
end
$$;
alter table storage.buckets add column if not exists type storage.buckettype not null default 'STANDARD';
comment on column storage.buckets.owner is 'Field is deprecated, use owner_id instead';

create table if not exists storage.objects (
  id uuid primary key default gen_random_uuid(),
  bucket_id text constraint "objects_bucketId_fkey" references storage.buckets (id),
  name text,
  owner uuid,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  last_accessed_at timestamptz default now(),
  metadata jsonb,
  path_tokens text[] generated always as (string_to_array(name, '/')) stored,
  version text,
  owner_id text,
  user_metadata jsonb
);
create unique index if not exists bucketid_objname on storage.objects using btree (bucket_id, name);
create index if not exists name_prefix_search on storage.objects using btree (name text_pattern_ops);
comment on column storage.objects.owner is 'Field is deprecated, use owner_id instead';

create table if not exists storage.migrations (
  id integer primary key,
  name varchar(100) unique not null,
  hash varchar(40) not null,
  executed_at timestamp default current_timestamp
);

alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;
alter table storage.migrations enable row level security;

create or replace function storage.foldername(name text) returns text[] language plpgsql immutable as $$
declare
  _parts text[];
begin
  select string_to_array(name, '/') into _parts;
  return _parts[1 : array_length(_parts, 1) - 1];
end
$$;

create or replace function storage.filename(name text) returns text language plpgsql immutable as $$
declare
  _parts text[];
begin
  select string_to_array(name, '/') into _parts;
  return _parts[array_length(_parts, 1)];
end
$$;

create or replace function storage.extension(name text) returns text language plpgsql immutable as $$
declare
  _parts text[];
  _filename text;
begin
  select string_to_array(name, '/') into _parts;
  select _parts[array_length(_parts, 1)] into _filename;
  return reverse(split_part(reverse(_filename), '.', 1));
end
$$;

-- Keeps updated_at current on metadata updates (Supabase's update_objects_updated_at trigger).
create or replace function storage.update_updated_at_column() returns trigger language plpgsql as $$
begin
  new.updated_at = now();
  return new;
end
$$;
drop trigger if exists update_objects_updated_at on storage.objects;
create trigger update_objects_updated_at before update on storage.objects
  for each row execute function storage.update_updated_at_column();

-- The operation the Storage API is performing (e.g. 'object.upload'), for policies that want it.
create or replace function storage.operation() returns text language plpgsql stable as $$
begin
  return current_setting('storage.operation', true);
end
$$;

create or replace function storage.allow_only_operation(expected_operation text) returns boolean
language sql stable as $$
  select coalesce(current_setting('storage.operation', true), '') = expected_operation
$$;

create or replace function storage.allow_any_operation(expected_operations text[]) returns boolean
language sql stable as $$
  select coalesce(current_setting('storage.operation', true), '') = any(expected_operations)
$$;

create or replace function storage.get_size_by_bucket()
returns table (size bigint, bucket_id text) language plpgsql stable as $$
begin
  return query
    select sum((o.metadata ->> 'size')::bigint)::bigint as size, o.bucket_id
    from storage.objects o
    group by o.bucket_id;
end
$$;

-- One folder level of a bucket, as the list endpoint returns it: sub-folders first (id null), then
-- the objects directly in the folder. Runs as the caller (security invoker), so RLS filters rows.
-- `prefix` is the folder ('' or ending in '/'), `levels` its depth + 1, `search` a case-insensitive
-- name prefix inside the folder. LIKE wildcards in prefix/search are matched literally.
create or replace function storage.search(
  prefix text,
  bucketname text,
  limits integer default 100,
  levels integer default 1,
  offsets integer default 0,
  search text default '',
  sortcolumn text default 'name',
  sortorder text default 'asc'
) returns table (
  name text,
  id uuid,
  updated_at timestamptz,
  created_at timestamptz,
  last_accessed_at timestamptz,
  metadata jsonb
) language plpgsql stable as $$
declare
  v_col text := case
    when lower(sortcolumn) in ('name', 'updated_at', 'created_at', 'last_accessed_at') then lower(sortcolumn)
    else 'name' end;
  v_dir text := case when lower(sortorder) = 'desc' then 'desc' else 'asc' end;
  v_pattern text := replace(replace(replace(coalesce(prefix, ''), '\', '\\'), '%', '\%'), '_', '\_')
    || replace(replace(replace(coalesce(search, ''), '\', '\\'), '%', '\%'), '_', '\_') || '%';
begin
  return query execute format(
    'with matching as (
       select o.* from storage.objects o
       where o.bucket_id = $1 and o.name ilike $2
     ),
     folders as (
       select distinct m.path_tokens[$3] as folder
       from matching m
       where array_length(m.path_tokens, 1) > $3
     )
     select r.name, r.id, r.updated_at, r.created_at, r.last_accessed_at, r.metadata from (
       (select f.folder as name, null::uuid as id, null::timestamptz as updated_at,
               null::timestamptz as created_at, null::timestamptz as last_accessed_at,
               null::jsonb as metadata, 0 as kind
        from folders f)
       union all
       (select m.path_tokens[$3] as name, m.id, m.updated_at, m.created_at, m.last_accessed_at,
               m.metadata, 1 as kind
        from matching m
        where array_length(m.path_tokens, 1) = $3)
     ) r
     order by r.kind, case when r.kind = 0 then r.name end %2$s,
              case when r.kind = 1 then r.%1$I end %2$s, r.name %2$s
     limit $4 offset $5', v_col, v_dir)
  using bucketname, v_pattern, levels, limits, offsets;
end
$$;

-- Direct deletes from the storage tables would orphan bytes on disk; Supabase blocks them unless the
-- Storage API itself sets storage.allow_delete_query.
create or replace function storage.protect_delete() returns trigger language plpgsql as $$
begin
  if coalesce(current_setting('storage.allow_delete_query', true), 'false') <> 'true' then
    raise exception 'Direct deletion from storage tables is not allowed. Use the Storage API instead.'
      using errcode = '42501', hint = 'This prevents accidental data loss from orphaned objects.';
  end if;
  return null;
end
$$;
drop trigger if exists protect_buckets_delete on storage.buckets;
create trigger protect_buckets_delete before delete on storage.buckets
  for each statement execute function storage.protect_delete();
drop trigger if exists protect_objects_delete on storage.objects;
create trigger protect_objects_delete before delete on storage.objects
  for each statement execute function storage.protect_delete();

reset role;

grant all on storage.buckets, storage.objects to anon, authenticated, service_role;
grant all on storage.buckets, storage.objects to postgres with grant option;
grant execute on function storage.foldername(text), storage.filename(text), storage.extension(text),
  storage.operation(), storage.allow_only_operation(text), storage.allow_any_operation(text[]),
  storage.search(text, text, integer, integer, integer, text, text, text), storage.get_size_by_bucket()
  to postgres, anon, authenticated, service_role;

-- Apps create policies on storage.objects / storage.buckets in their migrations (as `postgres`). On
-- Supabase the supautils extension grants exactly that ("policy_grants" for postgres on the storage
-- tables); without supautils, membership in the owning role is what lets postgres create them.
grant supabase_storage_admin to postgres;
