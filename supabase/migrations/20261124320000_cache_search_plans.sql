-- =============================================================================================
-- Search without filters keeps its plans: private.search_newest() runs the statements of a relevance
-- search with words and no filters as static SQL (plans kept per session, generic), and every other
-- shape as before (dynamic SQL planned with its values). Planning was 0.3-0.5 ms per dynamic statement,
-- two to four of them per search. Measured at 1M messages (backend CPU per search_messages() call as the
-- signed-in user, one session, old and new function swapped between three rounds of 60 calls): `deploy
-- review` 4.7-5.0 -> 4.2-4.3 ms, `quarterly meeting` 3.5-3.7 -> 3.0-3.3, `w123` 3.2-3.8 -> 3.0-3.3,
-- `meeting` 2.8-3.2 -> 2.5-2.8, `roadm` 3.5 -> 3.2, `zyzzyva` 1.8-2.0 -> 1.5-2.0.
-- tests/db/search-weeks.test.ts checks that both paths give the same rows and ranks.
-- The function is the one of 20261123131200_create_search_messages.sql with the static branches added.
-- =============================================================================================

create or replace function private.search_newest(
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
-- Only the static statements below are cached, and each has one sensible plan whatever the values;
-- the dynamic ones are planned with their values on every call as before.
set plan_cache_mode = force_generic_plan
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
  -- The shape of every relevance search without filters (as search_message_hits() builds it): its
  -- statements are also written out below as static SQL, whose plans PL/pgSQL keeps for the session,
  -- instead of planning a dynamic statement on each call (0.3-0.5 ms each, two to four per search).
  -- The static rank adds the substring bonus only when a pattern is given, as word_rank does.
  -- A non-guest's hidden channels (private ones and DMs they are not in) are always filtered out
  -- there: with none, that filter is a lookup in an empty list.
  fixed constant boolean := base in ('x.workspace_id = $1 and x.deleted_at is null',
      'x.workspace_id = $1 and x.deleted_at is null and (x.channel_id in (select unnest($12::uuid[]))) is not true')
    and matches = 'x.search @@ $2'
    and rank_expr in ('greatest(ts_rank_cd(x.search, $2, 32), 1e-6)',
      'greatest(ts_rank_cd(x.search, $2, 32), 1e-6) + case when x.body ilike $3 then 0.05 else 0 end');
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
    if fixed then
      with p as materialized (
        select x.id, x.created_at, x.search, x.body from public.messages x
        where x.workspace_id = search_newest.workspace_id and x.deleted_at is null
          and (x.channel_id in (select unnest(search_newest.channel_list))) is not true
          and x.search @@ search_newest.tsq
        limit cap + 1)
      select (select count(*) from p), array_agg(y.id), array_agg(y.created_at),
        array_agg((greatest(ts_rank_cd(y.search, search_newest.tsq, 32), 1e-6)
          + case when search_newest.pattern is not null and y.body ilike search_newest.pattern then 0.05 else 0 end)::real)
      into probed, found_ids, found_at, found_rank
      from (select * from p order by p.created_at desc, p.id desc limit search_newest.k) y;
    else
      execute probe_sql into probed, found_ids, found_at, found_rank
        using workspace_id, tsq, pattern, authors, channels, before_ts, after_ts, cursor_created, cursor_id,
          null::integer[], cap + 1, channel_list, k;
    end if;
    if probed <= cap then
      return query select * from unnest(found_ids, found_at, found_rank);
      return;
    end if;
    found_ids := null;
    found_at := null;
    found_rank := null;
  end if;
  if fixed then
    select count(*), count(*) filter (where s.m), max(s.created_at), min(s.created_at)
    into seen, hits, newest, oldest
    from (select x.created_at, x.search @@ search_newest.tsq as m from public.messages x
          where x.workspace_id = search_newest.workspace_id and x.deleted_at is null
            and (x.channel_id in (select unnest(search_newest.channel_list))) is not true
          order by x.created_at desc, x.id desc limit sample) s;
  else
    execute 'select count(*), count(*) filter (where m), max(s.created_at), min(s.created_at) from ('
      || 'select x.created_at, (' || matches || ') as m from public.messages x where ' || base
      || ' order by x.created_at desc, x.id desc limit $11) s'
      into seen, hits, newest, oldest
      using workspace_id, tsq, pattern, authors, channels, before_ts, after_ts, cursor_created, cursor_id,
        null::integer[], sample, channel_list;
  end if;
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
    if since is null and walk and fixed then
      select array_agg(y.id), array_agg(y.created_at),
        array_agg((greatest(ts_rank_cd(y.search, search_newest.tsq, 32), 1e-6)
          + case when search_newest.pattern is not null and y.body ilike search_newest.pattern then 0.05 else 0 end)::real)
      into found_ids, found_at, found_rank
      from (select x.id, x.created_at, x.search, x.body from public.messages x
            where x.workspace_id = search_newest.workspace_id and x.deleted_at is null
              and (x.channel_id in (select unnest(search_newest.channel_list))) is not true
              and (x.search @@ search_newest.tsq) is true
            order by x.created_at desc, x.id desc limit search_newest.k) y;
      exit;
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
    if fixed then
      select array_agg(y.id), array_agg(y.created_at),
        array_agg((greatest(ts_rank_cd(y.search, search_newest.tsq, 32), 1e-6)
          + case when search_newest.pattern is not null and y.body ilike search_newest.pattern then 0.05 else 0 end)::real)
      into more_ids, more_at, more_rank
      from (select x.id, x.created_at, x.search, x.body
            from unnest(weeks) with ordinality w(week, n)
            cross join lateral (
              select x.id, x.created_at, x.search, x.body from public.messages x
              where x.workspace_id = search_newest.workspace_id and x.deleted_at is null
                and (x.channel_id in (select unnest(search_newest.channel_list))) is not true
                and x.search @@ search_newest.tsq and private.message_week(x.created_at) = w.week
              offset 0) x
            order by w.n, x.created_at desc, x.id desc
            limit search_newest.k - coalesce(cardinality(found_ids), 0)) y;
    else
      execute 'select array_agg(x.id), array_agg(x.created_at), array_agg((' || rank_expr || ')::real) from ('
        || 'select x.id, x.created_at, x.search, x.body from unnest($10::integer[]) with ordinality w(week, n)'
        || ' cross join lateral (select x.id, x.created_at, x.search, x.body from public.messages x where ' || base
        || ' and ' || matches || ' and private.message_week(x.created_at) = w.week offset 0) x'
        || ' order by w.n, x.created_at desc, x.id desc limit $11) x'
        into more_ids, more_at, more_rank
        using workspace_id, tsq, pattern, authors, channels, before_ts, after_ts, cursor_created, cursor_id,
          weeks, k - coalesce(cardinality(found_ids), 0), channel_list;
    end if;
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
