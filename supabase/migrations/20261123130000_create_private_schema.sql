-- =============================================================================================
-- Setup: the `private` schema, default privileges and extensions used by the chat schema.
--
-- `private` holds security definer helpers used by RLS policies and trigger functions. It is not
-- in the API's exposed schemas ([api] schemas in config.toml), so nothing in it is reachable through
-- /rest/v1; `authenticated` gets USAGE only because policies run as the caller and must be able to
-- call the helpers.
--
-- Functions are executable by PUBLIC by default in Postgres. Every function this project creates
-- must instead be granted explicitly, so that default is revoked here for functions `postgres` creates.
-- =============================================================================================

create schema if not exists private;
comment on schema private is
  'Security definer helpers for RLS policies and trigger functions. Never exposed through the API.';

revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- Global (not per-schema): per-schema default privileges can only add to the global ones.
alter default privileges revoke execute on functions from public;

create extension if not exists pg_trgm with schema extensions;
