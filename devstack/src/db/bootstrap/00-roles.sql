-- Roles as Supabase's postgres image creates them (supabase/postgres init scripts plus the later
-- "demote postgres" migrations). Runs as the cluster superuser; idempotent so `devstack start` can
-- re-run it against an existing cluster. Passwords are set by devstack from its config.

do $$
declare
  spec record;
begin
  for spec in
    select * from (values
      ('supabase_admin',            'login superuser createdb createrole replication bypassrls'),
      ('postgres',                  'login nosuperuser createdb createrole replication bypassrls inherit'),
      ('anon',                      'nologin inherit'),
      ('authenticated',             'nologin inherit'),
      ('service_role',              'nologin inherit bypassrls'),
      ('authenticator',             'login noinherit'),
      ('supabase_auth_admin',       'login noinherit'),
      ('supabase_storage_admin',    'login noinherit'),
      ('supabase_realtime_admin',   'nologin noinherit'),
      ('supabase_replication_admin','login replication'),
      ('supabase_read_only_user',   'login bypassrls'),
      ('supabase_functions_admin',  'nologin noinherit'),
      ('dashboard_user',            'nologin createdb createrole replication'),
      ('pgbouncer',                 'login')
    ) as t(name, attrs)
  loop
    if not exists (select 1 from pg_roles where rolname = spec.name) then
      execute format('create role %I %s', spec.name, spec.attrs);
    elsif spec.name <> current_user then
      execute format('alter role %I %s', spec.name, spec.attrs);
    end if;
  end loop;
end
$$;

grant anon, authenticated, service_role to authenticator;
-- postgres may impersonate API roles (Studio's role switcher, pgTAP tests: `set local role authenticated`).
grant anon, authenticated, service_role to postgres;
-- devstack's storage and realtime run user-scoped queries with `set local role`, as Supabase's services do.
grant anon, authenticated, service_role to supabase_storage_admin;
grant pg_read_all_data to supabase_read_only_user;

alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';
alter role postgres set search_path = "$user", public, extensions;
alter role supabase_auth_admin set search_path = auth;
alter role supabase_storage_admin set search_path = storage;
