-- =============================================================================================
-- Message search: full text (websearch syntax, english stemming) plus substring matching through
-- pg_trgm, Slack-style filters, ranked or newest-first order, highlighted snippets, keyset cursor.
--
-- search_messages() parses the query and reads the result rows through RLS (security invoker).
-- Matching runs in a security definer helper, search_message_hits(), as dynamic SQL holding only the
-- conditions a query needs and planned with its actual values: under a row policy Postgres may not
-- use the non-leakproof `@@` and `ilike` operators as index conditions, and one static statement
-- ORing every optional condition could use neither the tsvector nor the trigram index. The helper
-- restricts itself to readable_channel_ids() (the rule of the messages SELECT policy) and returns
-- only ids and ranks.
-- =============================================================================================

/** Escapes % _ and \ so user text is matched literally by LIKE/ILIKE. */
create function private.escape_like(value text)
returns text
language sql
immutable
set search_path = ''
as $$
  select replace(replace(replace(value, '\', '\\'), '%', '\%'), '_', '\_')
$$;
comment on function private.escape_like(text) is 'LIKE-escapes user input.';
grant execute on function private.escape_like(text) to authenticated, service_role;

/**
 * The index part of search_messages(): ids and ranks of the messages matching already parsed
 * conditions, in result order, at most `limit` (1-100), only in channels of the workspace the caller
 * may read (readable_channel_ids(), the rule of the messages SELECT policy).
 * Security definer because RLS on messages would forbid the indexes: `@@` and `ilike` are not
 * leakproof, so under a policy Postgres may not use them as index conditions and scans every row.
 * The caller re-reads the returned ids through RLS. Only ids and ranks leave this function.
 * sort 'relevance' with words ranks the newest 500 matches only (see search_messages()).
 */
create function private.search_message_hits(
  workspace_id uuid,
  tsq tsquery,
  pattern text,
  authors uuid[],
  channels uuid[],
  before_ts timestamptz,
  after_ts timestamptz,
  has_file boolean,
  sort text,
  cursor_rank real,
  cursor_created timestamptz,
  cursor_id uuid,
  "limit" integer
)
returns table (id uuid, rank real)
language plpgsql
stable
security definer
rows 20
set search_path = ''
as $$
declare
  window_size constant integer := 500;
  use_fts boolean := tsq is not null and numnode(tsq) > 0;
  has_cursor boolean := cursor_id is not null;
  lim integer := least(greatest(coalesce(search_message_hits."limit", 20), 1), 100);
  conds text;
  rank_expr text;
  const_rank real;
begin
  if private.workspace_role(search_message_hits.workspace_id) is null then
    return;
  end if;
  -- Conditions every shape shares; values are passed as parameters ($n), never spliced in.
  -- The channel rule is a filter (hashed subplan, built once), not a join, so the planner is free
  -- to walk the (workspace_id, created_at) index in order for common terms.
  conds := 'x.workspace_id = $1 and x.deleted_at is null'
    || ' and (x.channel_id in (select private.readable_channel_ids($1))) is true';
  if use_fts and pattern is not null then
    conds := conds || ' and (x.search @@ $2 or x.body ilike $3)';
  elsif use_fts then
    conds := conds || ' and x.search @@ $2';
  elsif pattern is not null then
    conds := conds || ' and x.body ilike $3';
  end if;
  if authors is not null then conds := conds || ' and x.author_id = any ($4)'; end if;
  if channels is not null then conds := conds || ' and x.channel_id = any ($5)'; end if;
  if before_ts is not null then conds := conds || ' and x.created_at < $6'; end if;
  if after_ts is not null then conds := conds || ' and x.created_at >= $7'; end if;
  if coalesce(has_file, false) then
    conds := conds || ' and exists (select 1 from public.attachments a where a.message_id = x.id and a.channel_id = x.channel_id)';
  end if;

  if use_fts then
    rank_expr := 'case when x.search @@ $2 then ts_rank_cd(x.search, $2, 32) else 0 end'
      || case when pattern is not null then ' + case when x.body ilike $3 then 0.05 else 0 end' else '' end;
  else
    -- Without words every hit has the same rank: the substring bonus, or nothing.
    const_rank := case when pattern is not null then 0.05 else 0 end;
  end if;

  if use_fts and search_message_hits.sort = 'relevance' then
    -- Rank the newest window_size matches, then page through them by (rank, created_at, id).
    return query execute
      'with candidates as materialized ('
      || ' select x.id, x.created_at, (' || rank_expr || ')::real as rank'
      || ' from public.messages x where ' || conds
      || ' order by x.created_at desc, x.id desc limit ' || window_size || ')'
      || ' select c.id, c.rank from candidates c'
      || case when has_cursor then ' where (c.rank, c.created_at, c.id) < ($8, $9, $10)' else '' end
      || ' order by c.rank desc, c.created_at desc, c.id desc limit $11'
      using search_message_hits.workspace_id, tsq, pattern, authors, channels, before_ts, after_ts,
        cursor_rank, cursor_created, cursor_id, lim;
  else
    -- Newest first (or relevance with a constant rank: the same order), a keyset range scan.
    if has_cursor then
      if search_message_hits.sort = 'newest' or cursor_rank = const_rank then
        conds := conds || ' and (x.created_at, x.id) < ($9, $10)';
      elsif cursor_rank < const_rank then
        return; -- every hit ranks above the cursor: nothing comes after it
      end if;
    end if;
    return query execute
      'select x.id, (' || coalesce(rank_expr, '$8') || ')::real'
      || ' from public.messages x where ' || conds
      || ' order by x.created_at desc, x.id desc limit $11'
      using search_message_hits.workspace_id, tsq, pattern, authors, channels, before_ts, after_ts,
        const_rank, cursor_created, cursor_id, lim;
  end if;
end
$$;
comment on function private.search_message_hits(uuid, tsquery, text, uuid[], uuid[], timestamptz, timestamptz, boolean, text, real, timestamptz, uuid, integer) is
  'Index part of search_messages(): ids and ranks of matching messages in channels auth.uid() may read (security definer so the GIN indexes are usable; callers re-read through RLS).';
revoke all on function private.search_message_hits(uuid, tsquery, text, uuid[], uuid[], timestamptz, timestamptz, boolean, text, real, timestamptz, uuid, integer) from public;
grant execute on function private.search_message_hits(uuid, tsquery, text, uuid[], uuid[], timestamptz, timestamptz, boolean, text, real, timestamptz, uuid, integer) to authenticated, service_role;

/**
 * Searches the messages the caller can read in a workspace.
 *
 * query: words and "phrases" (websearch syntax: quotes, OR, -not) plus filters:
 *   from:me | from:<user-id> | from:<@user-id> | from:<display name without spaces>
 *   in:#channel | in:<channel-id>, before:YYYY-MM-DD, after:YYYY-MM-DD (both exclusive), has:file.
 * A text of 3+ characters also matches as a case-insensitive substring (pg_trgm index), so partial
 * words and code fragments are found. sort: 'relevance' (default) or 'newest'.
 * snippet: the body around the match with hits wrapped in U+0002 (start) and U+0003 (end) markers:
 * the client escapes the text and turns the markers into <mark>; never render it as HTML.
 * next_cursor: pass the last row's value as `cursor` for the next page.
 *
 * Cost bound (trade-off): 'relevance' ranks only the newest 500 matches (in created_at order) of
 * the words and filters; the pages of a relevance search walk that window. A very common word then
 * costs a few hundred index entries instead of ranking hundreds of thousands of rows, and recent
 * messages win as in Slack. To reach older matches of a common word, sort by 'newest' (which pages
 * through every match) or narrow the search with in:, from:, before: or after:.
 * The matching runs in private.search_message_hits() as dynamic SQL holding only the conditions it
 * needs, planned with the actual values: the GIN tsvector and trigram indexes for selective terms,
 * the (workspace_id, created_at) index for common ones. The rows are then read here through RLS.
 */
create function public.search_messages(
  workspace_id uuid,
  query text,
  sort text default 'relevance',
  "cursor" text default null,
  "limit" integer default 20
)
returns table (
  message_id uuid, channel_id uuid, seq bigint, parent_id uuid, author_id uuid, created_at timestamptz,
  rank real, snippet text, next_cursor text
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  ws uuid := search_messages.workspace_id;
  token text;
  m text[];
  words text[] := '{}';
  search_text text;
  tsq tsquery;
  use_fts boolean;
  pattern text;
  authors uuid[];
  channels uuid[];
  before_ts timestamptz;
  after_ts timestamptz;
  has_file boolean := false;
  has_filter boolean := false;
  cur text[];
  cur_rank real;
  cur_created timestamptz;
  cur_id uuid;
  headline_opts text := format('StartSel=%s, StopSel=%s, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "',
    chr(2), chr(3));
begin
  if private.workspace_role(ws) is null then
    raise exception 'Workspace not found' using errcode = 'PT404';
  end if;
  if search_messages.query is null then
    raise exception 'Search query cannot be empty' using errcode = '22023';
  end if;
  if char_length(search_messages.query) > 500 then
    raise exception 'Search query is too long (max 500 characters)' using errcode = '22001';
  end if;
  if search_messages.sort is null or search_messages.sort not in ('relevance', 'newest') then
    raise exception 'sort must be relevance or newest' using errcode = '22023';
  end if;
  if search_messages."limit" is null or search_messages."limit" not between 1 and 100 then
    raise exception 'limit must be between 1 and 100' using errcode = '22023';
  end if;

  foreach token in array coalesce(regexp_split_to_array(btrim(search_messages.query), '\s+'), '{}') loop
    m := regexp_match(token, '^(from|in|before|after|has):(.+)$', 'i');
    if m is null then
      if token <> '' then
        words := words || token;
      end if;
      continue;
    end if;
    has_filter := true;
    case lower(m[1])
      when 'from' then
        authors := coalesce(authors, '{}') || coalesce(
          (select array_agg(wm.user_id) from public.workspace_members wm
           join public.profiles p on p.id = wm.user_id
           where wm.workspace_id = ws and (
             (lower(m[2]) = 'me' and wm.user_id = uid)
             or wm.user_id = private.try_uuid(regexp_replace(m[2], '^<@(.*)>$', '\1'))
             or lower(p.display_name) = lower(ltrim(m[2], '@'))
           )),
          array['00000000-0000-0000-0000-000000000000'::uuid]);
      when 'in' then
        channels := coalesce(channels, '{}') || coalesce(
          (select array_agg(c.id) from public.channels c
           where c.workspace_id = ws
             and (c.id = private.try_uuid(m[2]) or c.name = lower(ltrim(m[2], '#')))),
          array['00000000-0000-0000-0000-000000000000'::uuid]);
      when 'before', 'after' then
        if m[2] !~ '^\d{4}-\d{2}-\d{2}$' then
          raise exception 'Dates in before: and after: look like 2024-05-31' using errcode = '22023';
        end if;
        begin
          if lower(m[1]) = 'before' then
            before_ts := m[2]::date::timestamptz;
          else
            after_ts := (m[2]::date + 1)::timestamptz;
          end if;
        exception when others then
          raise exception 'Dates in before: and after: look like 2024-05-31' using errcode = '22023';
        end;
      when 'has' then
        if lower(m[2]) <> 'file' then
          raise exception 'Unknown filter has:% (supported: has:file)', m[2] using errcode = '22023';
        end if;
        has_file := true;
    end case;
  end loop;

  search_text := array_to_string(words, ' ');
  if search_text = '' and not has_filter then
    raise exception 'Search query cannot be empty' using errcode = '22023';
  end if;
  if search_text <> '' then
    tsq := websearch_to_tsquery('english', search_text);
  end if;
  use_fts := tsq is not null and numnode(tsq) > 0;
  pattern := case when char_length(search_text) >= 3 then '%' || private.escape_like(search_text) || '%' end;
  if search_text <> '' and not use_fts and pattern is null then
    return; -- only stop words or a 1-2 character fragment: nothing meaningful to match
  end if;

  if search_messages."cursor" is not null then
    cur := regexp_match(search_messages."cursor",
      '^(r|n)~(-?[0-9.e+-]+)~([0-9]{1,20})~([0-9a-f-]{36})$');
    if cur is null or cur[1] <> left(search_messages.sort, 1) or private.try_uuid(cur[4]) is null then
      raise exception 'Invalid search cursor (use next_cursor from the previous page of the same search)'
        using errcode = '22023';
    end if;
    begin
      cur_rank := cur[2]::real;
      cur_created := 'epoch'::timestamptz + cur[3]::bigint * interval '1 microsecond';
      cur_id := cur[4]::uuid;
    exception when others then
      raise exception 'Invalid search cursor (use next_cursor from the previous page of the same search)'
        using errcode = '22023';
    end;
  end if;


  -- Candidates come from the index helper; the rows themselves are read here, through RLS.
  return query
  select m.id, m.channel_id, m.seq, m.parent_id, m.author_id, m.created_at, h.rank,
    case when use_fts then ts_headline('english', m.body, tsq, headline_opts)
         else left(m.body, 300) end,
    left(search_messages.sort, 1) || '~' || h.rank::text || '~'
      || (extract(epoch from m.created_at) * 1000000)::bigint::text || '~' || m.id::text
  from private.search_message_hits(ws, tsq, pattern, authors, channels, before_ts, after_ts, has_file,
    search_messages.sort, cur_rank, cur_created, cur_id, search_messages."limit") h
  join public.messages m on m.id = h.id
  order by case when search_messages.sort = 'relevance' then h.rank end desc, m.created_at desc, m.id desc;
end
$$;
comment on function public.search_messages(uuid, text, text, text, integer) is
  'Full-text + substring search with from:/in:/before:/after:/has:file filters, snippets and keyset cursor; relevance ranks the newest 500 matches. Errors: PT404 workspace, 22023 empty query/bad filter/cursor, 22001 too long.';

revoke all on function public.search_messages(uuid, text, text, text, integer) from public, anon;
grant execute on function public.search_messages(uuid, text, text, text, integer) to authenticated, service_role;
