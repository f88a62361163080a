-- =============================================================================================
-- Message search: full text (websearch syntax, english stemming) plus substring matching through
-- pg_trgm, Slack-style filters, ranked or newest-first order, highlighted snippets, keyset cursor.
-- Security invoker: RLS on messages decides visibility; readable_channel_ids() narrows the scan.
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

  return query
  with hits as (
    select x.id, x.channel_id, x.seq, x.parent_id, x.author_id, x.created_at, x.body,
      (case when use_fts and x.search @@ tsq then ts_rank_cd(x.search, tsq, 32) else 0 end
       + case when pattern is not null and x.body ilike pattern then 0.05 else 0 end)::real as rank
    from public.messages x
    where x.workspace_id = ws
      and x.channel_id in (select private.readable_channel_ids(ws))
      and x.deleted_at is null
      and (search_text = '' or (use_fts and x.search @@ tsq) or (pattern is not null and x.body ilike pattern))
      and (authors is null or x.author_id = any (authors))
      and (channels is null or x.channel_id = any (channels))
      and (before_ts is null or x.created_at < before_ts)
      and (after_ts is null or x.created_at >= after_ts)
      and (not has_file or exists (select 1 from public.attachments a where a.message_id = x.id and a.channel_id = x.channel_id))
  ),
  page as (
    select h.* from hits h
    where search_messages."cursor" is null
       or (search_messages.sort = 'relevance' and (h.rank, h.created_at, h.id) < (cur_rank, cur_created, cur_id))
       or (search_messages.sort = 'newest' and (h.created_at, h.id) < (cur_created, cur_id))
    order by
      case when search_messages.sort = 'relevance' then h.rank end desc,
      h.created_at desc, h.id desc
    limit search_messages."limit"
  )
  select p.id, p.channel_id, p.seq, p.parent_id, p.author_id, p.created_at, p.rank,
    case when use_fts then ts_headline('english', p.body, tsq, headline_opts)
         else left(p.body, 300) end,
    left(search_messages.sort, 1) || '~' || p.rank::text || '~'
      || (extract(epoch from p.created_at) * 1000000)::bigint::text || '~' || p.id::text
  from page p
  order by case when search_messages.sort = 'relevance' then p.rank end desc, p.created_at desc, p.id desc;
end
$$;
comment on function public.search_messages(uuid, text, text, text, integer) is
  'Full-text + substring search with from:/in:/before:/after:/has:file filters, snippets and keyset cursor. Errors: PT404 workspace, 22023 empty query/bad filter/cursor, 22001 too long.';

revoke all on function public.search_messages(uuid, text, text, text, integer) from public, anon;
grant execute on function public.search_messages(uuid, text, text, text, integer) to authenticated, service_role;
