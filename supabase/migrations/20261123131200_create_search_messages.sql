-- =============================================================================================
-- Message search: full text (websearch syntax, english stemming) plus substring matching through
-- pg_trgm, Slack-style filters, ranked or newest-first order, highlighted snippets, keyset cursor.
--
-- search_messages() parses the query and reads the result rows through RLS (security invoker).
-- Matching runs in a security definer helper, search_message_hits(), as dynamic SQL holding only the
-- conditions a query needs and planned with its actual values: under a row policy Postgres may not
-- use the non-leakproof `@@` and `ilike` operators as index conditions, and one static statement
-- ORing every optional condition could use neither the tsvector nor the trigram index. The helper
-- restricts itself to the channels the caller may read (the rule of can_read_channel() and of the
-- messages SELECT policy) and returns only ids and ranks.
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
 * The newest `k` messages satisfying `base` and `matches` (conditions on `x`, public.messages, built
 * by search_message_hits() from fixed fragments; values only as the parameters $1-$9 and $12, the
 * channel list), with their rank (`rank_expr`), newest first.
 * `estimate`: the planner's estimate of the matches in the whole table, or null when unknown.
 * Recency-first plan that bounds the work: a capped probe (k or fewer matches: read them from the
 * text index), skipped when the estimate is far above k; the newest 500 messages that satisfy
 * `base` (an ordered walk of the (workspace_id, created_at) index), counting the matches among them.
 * Dense matches are then found by walking on in time order; sparser ones by a time slice expected
 * to hold 2k matches, read week by week from the newest through the week-led text indexes (see the
 * messages migration) and stopped once k are found, widened 4x while it turns out short; past two
 * years of weeks, one read of every match. A word in 1 of 200 messages so costs the few hundred index
 * entries and rows of its last weeks instead of a bitmap and a heap fetch of every match in the
 * workspace (at 1M messages, 12.8 ms of backend CPU before, about 6 ms with weeks).
 * Not a BRIN index on created_at to read only the slice's heap pages: it helped two-term queries on a
 * freshly loaded table, but new messages land in the space vacuum frees in old pages, which widens
 * old ranges to "now", and a one-term query then rechecked whole pages (more CPU than without it).
 * Security invoker and executable by nobody but its owner: it runs SQL text it is given.
 */
create function private.search_newest(
  base text,
  matches text,
  rank_expr text,
  k integer,
  estimate real,
  workspace_id uuid,
  tsq tsquery,
  pattern text,
  authors uuid[],
  channels uuid[],
  before_ts timestamptz,
  after_ts timestamptz,
  cursor_created timestamptz,
  cursor_id uuid,
  channel_list uuid[]
)
returns table (id uuid, created_at timestamptz, rank real)
language plpgsql
stable
set search_path = ''
as $$
declare
  sample constant integer := 500;
  walk boolean := false;
  seen integer;
  hits integer;
  newest timestamptz;
  oldest timestamptz;
  since timestamptz;
  weeks integer[];
  done_week integer;
  -- Only the tsvector index leads with the week: a substring condition reads its time slice by a
  -- created_at bound instead, which the planner combines with the trigram index.
  by_week constant boolean := strpos(matches, 'ilike') = 0;
  -- A slice of over two years of weeks is read whole: so few matches a week, one read costs less.
  max_weeks constant integer := 104;
  span interval;
  share float8;
  -- Every match up to the cap ($11), counted, and the newest k ($13) of them ranked.
  probe_sql text := 'with p as materialized (select x.id, x.created_at, x.search, x.body from public.messages x'
    || ' where ' || base || ' and ' || matches || ' limit $11)'
    || ' select (select count(*) from p), array_agg(x.id), array_agg(x.created_at),'
    || ' array_agg((' || rank_expr || ')::real) from (select * from p order by p.created_at desc, p.id desc'
    || ' limit $13) x';
  probed integer;
  cap integer;
  found_ids uuid[];
  found_at timestamptz[];
  found_rank real[];
  more_ids uuid[];
  more_at timestamptz[];
  more_rank real[];
begin
  -- A capped probe: when the text index holds at most 4k matches (a rare term), one read of them all
  -- (~3.3 us a match at 1M messages, at most ~2.6 ms for k = 200) is the answer: cheaper than sampling
  -- and then scanning week by week. It runs when the statistics put the query in at most 4k messages
  -- (a word missing from their most common elements is estimated at about half the rarest one's
  -- frequency: a few hundred messages at 1M); when it hits its cap the plan below takes over. Without
  -- an estimate (substrings, newest-first order) the cap is k: such a query may match every message.
  if estimate is null or estimate <= 4 * k then
    cap := case when estimate is null then k else 4 * k end;
    execute probe_sql into probed, found_ids, found_at, found_rank
      using workspace_id, tsq, pattern, authors, channels, before_ts, after_ts, cursor_created, cursor_id,
        null::integer[], cap + 1, channel_list, k;
    if probed <= cap then
      return query select * from unnest(found_ids, found_at, found_rank);
      return;
    end if;
    found_ids := null;
    found_at := null;
    found_rank := null;
  end if;
  execute 'select count(*), count(*) filter (where m), max(s.created_at), min(s.created_at) from ('
    || 'select x.created_at, (' || matches || ') as m from public.messages x where ' || base
    || ' order by x.created_at desc, x.id desc limit $11) s'
    into seen, hits, newest, oldest
    using workspace_id, tsq, pattern, authors, channels, before_ts, after_ts, cursor_created, cursor_id,
      null::integer[], sample, channel_list;
  if seen < sample then
    since := null; -- the sample was everything: no bound needed
  elsif hits > 0 and k::numeric * seen / hits <= 20000 then
    -- Dense: walking the time index until k matches costs at most ~20,000 rows, far less than the
    -- text index would (a word in 1 of 5 messages has 200,000 index entries at 1M messages).
    -- `is true` keeps the planner from choosing the text index anyway.
    walk := true;
  else
    -- Sparse: a slice expected to hold 2k matches (it widens when short). The share of messages that
    -- match is the sample's, pulled towards the statistics' as if they were another 500 messages (a
    -- sample of 500 holds only a few matches of a 1-in-200 query; none counts as one).
    share := case when estimate is null then greatest(hits, 1)::float8 / seen
      else (hits + sample * least(estimate / greatest((select c.reltuples from pg_catalog.pg_class c
              where c.oid = 'public.messages'::regclass), 1), 1)) / (seen + sample) end;
    span := greatest((newest - oldest) * (2.0 * k / (share * seen)), interval '1 second');
    since := newest - span;
  end if;
  loop
    if since is not null and not by_week then
      execute 'select array_agg(x.id), array_agg(x.created_at), array_agg((' || rank_expr || ')::real) from ('
        || 'select x.id, x.created_at, x.search, x.body from public.messages x where ' || base
        || ' and ' || matches || ' and x.created_at >= $13 order by x.created_at desc, x.id desc limit $11) x'
        into found_ids, found_at, found_rank
        using workspace_id, tsq, pattern, authors, channels, before_ts, after_ts, cursor_created, cursor_id,
          null::integer[], k, channel_list, since;
      exit when cardinality(found_ids) >= k;
      since := case when newest - since < interval '5 years' then newest - (newest - since) * 4 end;
      continue;
    end if;
    if since is not null and private.message_week(newest) - private.message_week(since) > max_weeks then
      since := null;
      found_ids := null;
      found_at := null;
      found_rank := null;
    end if;
    if since is null then
      -- The rank is computed over the k rows kept, not over every match before the sort.
      execute 'select array_agg(x.id), array_agg(x.created_at), array_agg((' || rank_expr || ')::real) from ('
        || 'select x.id, x.created_at, x.search, x.body from public.messages x where ' || base
        || ' and ' || case when walk then '(' || matches || ') is true' else matches end
        || ' order by x.created_at desc, x.id desc limit $11) x'
        into found_ids, found_at, found_rank
        using workspace_id, tsq, pattern, authors, channels, before_ts, after_ts, cursor_created, cursor_id,
          null::integer[], k, channel_list;
      exit;
    end if;
    -- The slice week by week, newest first, the weeks not read yet. The text indexes lead with the
    -- week: one index scan per week intersects that week's entries with the words' inside GIN and
    -- costs about the week's matches. One scan per week (a lateral join on one week at a time, kept
    -- from being flattened by `offset 0`) because the planner, which takes two words that occur
    -- together for rare, would rather read every match of the words and filter on the week; and the
    -- weeks in order (`n`, which the week order implies) let the limit stop after the last week needed.
    weeks := array(select generate_series(coalesce(done_week - 1, private.message_week(newest)),
      private.message_week(since), -1));
    execute 'select array_agg(x.id), array_agg(x.created_at), array_agg((' || rank_expr || ')::real) from ('
      || 'select x.id, x.created_at, x.search, x.body from unnest($10::integer[]) with ordinality w(week, n)'
      || ' cross join lateral (select x.id, x.created_at, x.search, x.body from public.messages x where ' || base
      || ' and ' || matches || ' and private.message_week(x.created_at) = w.week offset 0) x'
      || ' order by w.n, x.created_at desc, x.id desc limit $11) x'
      into more_ids, more_at, more_rank
      using workspace_id, tsq, pattern, authors, channels, before_ts, after_ts, cursor_created, cursor_id,
        weeks, k - coalesce(cardinality(found_ids), 0), channel_list;
    -- Older weeks only add older rows: appending keeps the newest-first order.
    found_ids := coalesce(found_ids, '{}') || coalesce(more_ids, '{}');
    found_at := coalesce(found_at, '{}') || coalesce(more_at, '{}');
    found_rank := coalesce(found_rank, '{}') || coalesce(more_rank, '{}');
    exit when cardinality(found_ids) >= k;
    done_week := private.message_week(since);
    since := newest - (newest - since) * 4;
  end loop;
  return query select * from unnest(found_ids, found_at, found_rank);
end
$$;
comment on function private.search_newest(text, text, text, integer, real, uuid, tsquery, text, uuid[], uuid[], timestamptz, timestamptz, timestamptz, uuid, uuid[]) is
  'Newest k messages matching a search condition, by a density-sized time slice read week by week (internal to search_message_hits(); owner only).';
revoke all on function private.search_newest(text, text, text, integer, real, uuid, tsquery, text, uuid[], uuid[], timestamptz, timestamptz, timestamptz, uuid, uuid[]) from public, anon, authenticated, service_role;

/**
 * How many messages the planner's statistics say match a full-text query, at most: the estimate for
 * its rarest required lexeme (every match contains it), or for the whole query when it has an OR.
 * Not the estimate of the whole query for AND: the planner multiplies term frequencies as if the
 * terms were independent, and words that occur together (`deploy review`) would count as rare.
 * Null when the query has no indexable lexeme. Costs a plan of a one-condition query per lexeme (tens
 * of microseconds); reading the statistics' element arrays directly would cost milliseconds.
 */
create function private.search_match_estimate(tsq tsquery)
returns real
language plpgsql
volatile -- EXPLAIN may run only in a volatile function; it reads and writes nothing
set search_path = ''
as $$
declare
  tree text := querytree(tsq);
  lexeme text;
  plan json;
  best real;
begin
  if tree = 'T' then
    return null;
  end if;
  if tree like '%|%' then
    execute 'explain (format json) select from public.messages x where x.search @@ $1' into plan using tsq;
    return (plan -> 0 -> 'Plan' ->> 'Plan Rows')::real;
  end if;
  for lexeme in select distinct m[1] from regexp_matches(tree, '''((?:[^'']|'''')+)''', 'g') m loop
    execute 'explain (format json) select from public.messages x where x.search @@ $1'
      into plan using ('''' || lexeme || '''')::tsquery;
    best := least(best, (plan -> 0 -> 'Plan' ->> 'Plan Rows')::real);
  end loop;
  return best;
end
$$;
comment on function private.search_match_estimate(tsquery) is
  'Planner estimate of the messages matching a tsquery (its rarest required lexeme), for search_message_hits() (owner only).';
revoke all on function private.search_match_estimate(tsquery) from public, anon, authenticated, service_role;

/**
 * The index part of search_messages(): ids and ranks of the messages matching already parsed
 * conditions, in result order, at most `limit` (1-100), only in channels of the workspace the caller
 * may read (the rule of can_read_channel() and of the messages SELECT policy, listed once per search).
 * Security definer because RLS on messages would forbid the indexes: `@@` and `ilike` are not
 * leakproof, so under a policy Postgres may not use them as index conditions and scans every row.
 * The caller re-reads the returned ids through RLS. Only ids and ranks leave this function.
 *
 * Order for sort 'relevance' with words: the newest 200 word matches ranked by ts_rank_cd (plus 0.05
 * when the text also holds the query as typed), then messages that match only as a substring
 * (rank 0), newest first. The substring (trigram) search therefore runs only when the word matches
 * do not fill the page. sort 'newest': every match, word or substring, newest first.
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
  window_size constant integer := 200;
  use_fts boolean := tsq is not null and numnode(tsq) > 0;
  has_cursor boolean := cursor_id is not null;
  lim integer := least(greatest(coalesce(search_message_hits."limit", 20), 1), 100);
  role public.workspace_role := private.workspace_role(search_message_hits.workspace_id);
  channel_list uuid[];
  channel_rule text;
  base text;
  word_rank text;
  keyset constant text := ' and (x.created_at, x.id) < ($8, $9)';
  shown integer := 0;
  estimate real;
begin
  if role is null then
    return;
  end if;
  -- The rule of can_read_channel() as a list: a guest reads only the channels they are in; a
  -- non-guest every channel except the private ones and DMs they are not in (listed instead: often
  -- none, and then no filter at all). The list is a hashed subplan, a filter (`= any` of a
  -- 2,000-element constant would cost milliseconds of planning per statement), so the planner stays
  -- free to walk the (workspace_id, created_at) index in order.
  if role = 'guest' then
    channel_list := array(
      select cm.channel_id from public.channel_members cm
      where cm.workspace_id = search_message_hits.workspace_id and cm.user_id = (select auth.uid()));
    channel_rule := ' and (x.channel_id in (select unnest($12::uuid[]))) is true';
  else
    channel_list := array(
      select c.id from public.channels c
      where c.workspace_id = search_message_hits.workspace_id and c.kind in ('private', 'dm', 'group_dm')
        and not exists (
          select 1 from public.channel_members cm where cm.channel_id = c.id and cm.user_id = (select auth.uid())
        ));
    channel_rule := case when cardinality(channel_list) > 0
      then ' and (x.channel_id in (select unnest($12::uuid[]))) is not true' else '' end;
  end if;
  -- Conditions every shape shares; values are passed as parameters ($n), never spliced in.
  base := 'x.workspace_id = $1 and x.deleted_at is null' || channel_rule;
  if authors is not null then base := base || ' and x.author_id = any ($4)'; end if;
  if channels is not null then base := base || ' and x.channel_id = any ($5)'; end if;
  if before_ts is not null then base := base || ' and x.created_at < $6'; end if;
  if after_ts is not null then base := base || ' and x.created_at >= $7'; end if;
  if coalesce(has_file, false) then
    base := base || ' and exists (select 1 from public.attachments a where a.message_id = x.id and a.channel_id = x.channel_id)';
  end if;
  -- The probe for a rare query builds a bitmap of every match in the text index before it reads one
  -- row: for a query the statistics put in thousands of messages search_newest() skips it.
  if use_fts then
    estimate := private.search_match_estimate(tsq);
  end if;
  -- Never 0 for a word match (a negation-only query ranks 0), so rank 0 always means "substring only".
  word_rank := 'greatest(ts_rank_cd(x.search, $2, 32), 1e-6)'
    || case when pattern is not null then ' + case when x.body ilike $3 then 0.05 else 0 end' else '' end;

  if search_message_hits.sort = 'newest' or not use_fts then
    -- One newest-first keyset over every match (without words every hit has rank 0).
    return query
      select h.id, h.rank
      from private.search_newest(
        base || case when has_cursor then keyset else '' end,
        case when use_fts and pattern is not null then '(x.search @@ $2 or x.body ilike $3)'
             when use_fts then 'x.search @@ $2'
             when pattern is not null then 'x.body ilike $3'
             else 'true' end,
        case when use_fts then 'case when x.search @@ $2 then ' || word_rank || ' else 0 end' else '0' end,
        lim, null, search_message_hits.workspace_id, tsq, pattern, authors, channels, before_ts, after_ts,
        cursor_created, cursor_id, channel_list) h;
    return;
  end if;

  -- Relevance with words: the ranked window of word matches first ...
  if not has_cursor or cursor_rank > 0 then
    return query
      select h.id, h.rank
      from private.search_newest(base, 'x.search @@ $2', word_rank, window_size, estimate,
        search_message_hits.workspace_id, tsq, pattern, authors, channels, before_ts, after_ts, null, null,
        channel_list) h
      where not has_cursor or (h.rank, h.created_at, h.id) < (cursor_rank, cursor_created, cursor_id)
      order by h.rank desc, h.created_at desc, h.id desc
      limit lim;
    get diagnostics shown = row_count;
  end if;
  -- ... then, when the page has room, the substring-only matches, newest first.
  if shown < lim and pattern is not null then
    return query
      select h.id, h.rank
      from private.search_newest(
        base || case when has_cursor and shown = 0 and cursor_rank = 0 then keyset else '' end,
        '(x.body ilike $3 and not (x.search @@ $2))', '0', lim - shown, null,
        search_message_hits.workspace_id, tsq, pattern, authors, channels, before_ts, after_ts,
        cursor_created, cursor_id, channel_list) h;
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
 * Relevance order and cost bound (trade-off): 'relevance' ranks the newest 200 word matches (of
 * the words and filters) by ts_rank_cd, then lists the messages that match only as a substring
 * (rank 0), newest first; the pages of a relevance search walk that order. A very common word then
 * costs a few hundred index entries instead of ranking hundreds of thousands of rows, recent
 * messages win as in Slack, and the trigram search runs only when the word matches do not fill the
 * page. To reach older matches of a common word, sort by 'newest' (which pages through every match)
 * or narrow the search with in:, from:, before: or after:.
 * The matching runs in private.search_message_hits() as dynamic SQL holding only the conditions it
 * needs, planned with the actual values, over growing time slices back from now (recency first):
 * the GIN tsvector and trigram indexes for selective terms, the (workspace_id, created_at) index for
 * common ones. The rows are then read here through RLS.
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
  'Full-text + substring search with from:/in:/before:/after:/has:file filters, snippets and keyset cursor; relevance ranks the newest 200 word matches, then substring-only matches. Errors: PT404 workspace, 22023 empty query/bad filter/cursor, 22001 too long.';

revoke all on function public.search_messages(uuid, text, text, text, integer) from public, anon;
grant execute on function public.search_messages(uuid, text, text, text, integer) to authenticated, service_role;
