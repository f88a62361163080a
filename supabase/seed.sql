-- Demo data for local development: two workspaces with people, channels, a DM, threads, reactions,
-- mentions and a few hundred messages, so a new user sees a living workspace.
-- Runs as `postgres` after the migrations (devstack reset / supabase db reset).
--
-- demo login: ada@example.com / password123
-- demo login: grace@example.com / password123
-- demo login: linus@example.com / password123
-- demo login: eve@example.com / password123

-- ---------------------------------------------------------------------------------------------
-- Users (auth.users + email identities; profiles come from the on_auth_user_created trigger)
-- ---------------------------------------------------------------------------------------------
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change_token_new, email_change
)
select '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email,
  extensions.crypt('password123', extensions.gen_salt('bf')), now(),
  '{"provider": "email", "providers": ["email"]}'::jsonb,
  jsonb_build_object('display_name', u.display_name), now() - interval '30 days', now(),
  '', '', '', ''
from (values
  ('a0000000-0000-4000-8000-000000000001'::uuid, 'ada@example.com', 'Ada Lovelace'),
  ('a0000000-0000-4000-8000-000000000002'::uuid, 'grace@example.com', 'Grace Hopper'),
  ('a0000000-0000-4000-8000-000000000003'::uuid, 'linus@example.com', 'Linus Torvalds'),
  ('a0000000-0000-4000-8000-000000000004'::uuid, 'eve@example.com', 'Eve Globex')
) as u(id, email, display_name);

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id,
  jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
  'email', now(), now(), now()
from auth.users u
where u.email in ('ada@example.com', 'grace@example.com', 'linus@example.com', 'eve@example.com');

update public.profiles p set status_text = s.status_text, status_emoji = s.status_emoji, time_zone = s.tz
from (values
  ('a0000000-0000-4000-8000-000000000001'::uuid, 'Computing Bernoulli numbers', 'abacus', 'Europe/London'),
  ('a0000000-0000-4000-8000-000000000002'::uuid, 'Hunting a moth in relay 70', 'bug', 'America/New_York'),
  ('a0000000-0000-4000-8000-000000000003'::uuid, null, null, 'America/Los_Angeles'),
  ('a0000000-0000-4000-8000-000000000004'::uuid, 'Quarterly planning', 'calendar', 'Europe/Berlin')
) as s(id, status_text, status_emoji, tz)
where p.id = s.id;

-- ---------------------------------------------------------------------------------------------
-- Workspaces and members
-- ---------------------------------------------------------------------------------------------
insert into public.workspaces (id, slug, name, created_by) values
  ('b0000000-0000-4000-8000-000000000001', 'acme', 'Acme Inc.', 'a0000000-0000-4000-8000-000000000001'),
  ('b0000000-0000-4000-8000-000000000002', 'globex', 'Globex Corporation', 'a0000000-0000-4000-8000-000000000004');

insert into public.workspace_members (workspace_id, user_id, role) values
  ('b0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'owner'),
  ('b0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002', 'admin'),
  ('b0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000003', 'member'),
  ('b0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000004', 'owner');

-- ---------------------------------------------------------------------------------------------
-- Channels
-- ---------------------------------------------------------------------------------------------
insert into public.channels (id, workspace_id, kind, name, topic, is_default, dm_key, created_by) values
  ('c0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'public', 'general',
   'Company-wide announcements and work-based matters', true, null, 'a0000000-0000-4000-8000-000000000001'),
  ('c0000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000001', 'public', 'engineering',
   'Builds, deploys and code review', false, null, 'a0000000-0000-4000-8000-000000000003'),
  ('c0000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-000000000001', 'public', 'random',
   'Non-work banter and water cooler conversation', false, null, 'a0000000-0000-4000-8000-000000000002'),
  ('c0000000-0000-4000-8000-000000000004', 'b0000000-0000-4000-8000-000000000001', 'private', 'leadership',
   'Planning for the people who plan', false, null, 'a0000000-0000-4000-8000-000000000001'),
  ('c0000000-0000-4000-8000-000000000005', 'b0000000-0000-4000-8000-000000000001', 'dm', null, null, false,
   'a0000000-0000-4000-8000-000000000001,a0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001'),
  ('c0000000-0000-4000-8000-000000000011', 'b0000000-0000-4000-8000-000000000002', 'public', 'general',
   'Globex-wide announcements', true, null, 'a0000000-0000-4000-8000-000000000004'),
  ('c0000000-0000-4000-8000-000000000012', 'b0000000-0000-4000-8000-000000000002', 'private', 'world-domination',
   'Strictly need-to-know', false, null, 'a0000000-0000-4000-8000-000000000004');

insert into public.channel_members (channel_id, user_id)
select c.id, u.id
from (values
  ('c0000000-0000-4000-8000-000000000001'::uuid, array[1, 2, 3]),
  ('c0000000-0000-4000-8000-000000000002'::uuid, array[1, 2, 3]),
  ('c0000000-0000-4000-8000-000000000003'::uuid, array[2, 3]),
  ('c0000000-0000-4000-8000-000000000004'::uuid, array[1, 2]),
  ('c0000000-0000-4000-8000-000000000005'::uuid, array[1, 2]),
  ('c0000000-0000-4000-8000-000000000011'::uuid, array[4]),
  ('c0000000-0000-4000-8000-000000000012'::uuid, array[4])
) as c(id, people)
cross join lateral (
  select ('a0000000-0000-4000-8000-00000000000' || n)::uuid as id from unnest(c.people) as n
) as u;

-- ---------------------------------------------------------------------------------------------
-- Messages: a few hundred over the last two weeks, in seq order (the insert trigger assigns seqs).
-- ---------------------------------------------------------------------------------------------
create temporary table seed_lines (channel_id uuid, n int, body text) on commit drop;

insert into seed_lines
select 'c0000000-0000-4000-8000-000000000001', g, (array[
  'Good morning everyone! Coffee is on in the kitchen.',
  'Reminder: all-hands is on Thursday at 4pm, bring questions.',
  'Welcome to the team, <@a0000000-0000-4000-8000-000000000003>! Say hi in #random.',
  'The office wifi password changed, check the pinned note.',
  'Quarterly goals are in the shared doc; comments welcome until Friday.',
  'Lunch and learn today: "Analytical engines, then and now".',
  'Can someone review the onboarding checklist? <@a0000000-0000-4000-8000-000000000001>',
  'Heads up: the parking garage is closed for cleaning tomorrow.',
  'Thanks all for a great week!',
  'New expense policy is live, details in the handbook.'
])[1 + g % 10] || case when g % 7 = 0 then ' (update ' || g || ')' else '' end
from generate_series(1, 150) g;

insert into seed_lines
select 'c0000000-0000-4000-8000-000000000002', g, (array[
  'Deploy of api v2.' || g || ' finished, error rate flat.',
  'Flaky test in `payments.spec.ts` again; quarantining it.',
  'PR #' || (400 + g) || ' is ready for review: refactors the retry backoff.',
  'Postgres upgrade rehearsal went fine, 4 minutes of read-only.',
  'Found the bug: an off-by-one in the pagination cursor.',
  'Who owns the `deploy-bot` config? It posts twice.',
  'Benchmarks: p99 latency down from 120ms to 45ms after the index change.',
  '<@a0000000-0000-4000-8000-000000000002> can you look at the compiler warning flood?',
  'Rolling back the feature flag for search highlighting.',
  'Kernel panic on the build box again, rebooting it.'
])[1 + g % 10]
from generate_series(1, 120) g;

insert into seed_lines
select 'c0000000-0000-4000-8000-000000000003', g, (array[
  'Anyone up for table tennis at 3?',
  'Photo of the office cat sleeping on the server rack.',
  'Book club pick: "The Soul of a New Machine".',
  'Who left the moth in the relay? Classic.',
  'Friday playlist thread, drop your favourites.',
  'The vending machine finally takes cards.'
])[1 + g % 6]
from generate_series(1, 60) g;

insert into seed_lines
select 'c0000000-0000-4000-8000-000000000004', g, (array[
  'Draft budget for next year is in the folder, confidential for now.',
  'Hiring plan: two engineers and a designer.',
  'Board meeting moved to the 14th.',
  'Let us discuss the reorg proposal before announcing anything.'
])[1 + g % 4]
from generate_series(1, 20) g;

insert into seed_lines
select 'c0000000-0000-4000-8000-000000000005', g, (array[
  'Do you have five minutes for a quick call?',
  'Sure, after standup.',
  'The numbers in the Bernoulli table look off by one row.',
  'Good catch, fixing it now.'
])[1 + g % 4]
from generate_series(1, 16) g;

insert into seed_lines
select 'c0000000-0000-4000-8000-000000000011', g, (array[
  'Welcome to Globex! Hammocks are in the break room.',
  'Quarterly planning kicks off Monday.',
  'Reminder: the volcano lair tour is Friday.'
])[1 + g % 3]
from generate_series(1, 30) g;

insert into seed_lines
select 'c0000000-0000-4000-8000-000000000012', g, 'Step ' || g || ' of the plan is complete.'
from generate_series(1, 10) g;

insert into public.messages (channel_id, author_id, client_id, body, created_at)
select l.channel_id,
  case
    when l.channel_id in ('c0000000-0000-4000-8000-000000000011', 'c0000000-0000-4000-8000-000000000012')
      then 'a0000000-0000-4000-8000-000000000004'::uuid
    when l.channel_id in ('c0000000-0000-4000-8000-000000000004', 'c0000000-0000-4000-8000-000000000005')
      then ('a0000000-0000-4000-8000-00000000000' || (1 + l.n % 2))::uuid
    when l.channel_id = 'c0000000-0000-4000-8000-000000000003'
      then ('a0000000-0000-4000-8000-00000000000' || (2 + l.n % 2))::uuid
    else ('a0000000-0000-4000-8000-00000000000' || (1 + l.n % 3))::uuid
  end,
  extensions.gen_random_uuid(), l.body,
  now() - interval '14 days' + (l.n * interval '14 days' / (select max(n) + 1 from seed_lines s where s.channel_id = l.channel_id))
from seed_lines l
order by l.channel_id, l.n;

-- Threads: replies to a few messages in #general and #engineering.
insert into public.messages (channel_id, author_id, client_id, parent_id, body, also_in_channel, created_at)
select r.channel_id, ('a0000000-0000-4000-8000-00000000000' || (1 + (r.seq + k) % 3))::uuid,
  extensions.gen_random_uuid(), r.id,
  (array['Agreed, let us do it.', 'I can take this one.', 'Done, thanks for flagging!', 'Any update here?'])[1 + k % 4],
  k = 3, r.created_at + k * interval '3 minutes'
from public.messages r
cross join generate_series(1, 3) k
where r.channel_id in ('c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002')
  and r.parent_id is null and r.seq % 25 = 5
order by r.channel_id, r.seq, k;

-- Reactions.
insert into public.reactions (message_id, user_id, emoji)
select m.id, u.id, e.emoji
from public.messages m
cross join (values ('a0000000-0000-4000-8000-000000000001'::uuid), ('a0000000-0000-4000-8000-000000000002'::uuid),
                   ('a0000000-0000-4000-8000-000000000003'::uuid)) as u(id)
cross join (values ('thumbsup'), ('tada'), ('eyes')) as e(emoji)
where m.workspace_id = 'b0000000-0000-4000-8000-000000000001'
  and m.channel_id <> 'c0000000-0000-4000-8000-000000000004'
  and m.channel_id <> 'c0000000-0000-4000-8000-000000000005'
  and (m.seq * 7 + length(e.emoji) + ascii(u.id::text)) % 11 = 0
  and exists (select 1 from public.channel_members cm where cm.channel_id = m.channel_id and cm.user_id = u.id);

-- A pin and some read positions, so unread badges show.
insert into public.pins (channel_id, message_id, pinned_by)
select m.channel_id, m.id, 'a0000000-0000-4000-8000-000000000001'
from public.messages m
where m.channel_id = 'c0000000-0000-4000-8000-000000000001' and m.body like 'The office wifi%'
order by m.seq limit 1;

update public.channel_members cm
set last_read_seq = greatest(c.last_seq - case when cm.user_id = 'a0000000-0000-4000-8000-000000000001' then 12 else 3 end, 0)
from public.channels c
where c.id = cm.channel_id;
