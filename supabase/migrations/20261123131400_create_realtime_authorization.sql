-- =============================================================================================
-- RLS on realtime.messages: who may join (receive on) and send to each private topic.
-- Realtime evaluates these once per join with realtime.topic() set to the channel's topic.
-- =============================================================================================

create policy messages_select_topic_members on realtime.messages
  for select to authenticated
  using (private.can_use_topic((select realtime.topic()), extension, false));

create policy messages_insert_topic_members on realtime.messages
  for insert to authenticated
  with check (private.can_use_topic((select realtime.topic()), extension, true));
