-- =============================================================================================
-- Storage: private bucket `attachments` and bucket `avatars`, with RLS on storage.objects.
--
-- attachments: `<workspace_id>/<channel_id>/<uuid>/<file name>`, 50 MiB, MIME allowlist. SVG and
--   HTML are not allowed at all, so the browser never renders uploaded markup on our origin (other
--   files are served by Storage with their declared type; unknown kinds go as octet-stream).
--   Upload: members of the channel (not archived). Read: readers of the channel. Delete: the uploader
--   or a workspace admin, while they can read the channel. No UPDATE policy: no upsert/overwrite.
-- avatars: `<user_id>/<file name>`, public (profile pictures in <img>), 2 MiB, raster images only.
--   Each user writes only their own folder.
-- =============================================================================================

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values
  ('attachments', 'attachments', false, 52428800, array[
    'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif',
    'application/pdf', 'text/plain', 'text/csv', 'text/markdown', 'application/json',
    'application/zip', 'application/gzip', 'application/octet-stream',
    'audio/mpeg', 'audio/ogg', 'audio/wav', 'video/mp4', 'video/webm', 'video/quicktime',
    'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.ms-powerpoint', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
  ]),
  ('avatars', 'avatars', true, 2097152, array['image/png', 'image/jpeg', 'image/gif', 'image/webp'])
on conflict (id) do update
set public = excluded.public, file_size_limit = excluded.file_size_limit,
    allowed_mime_types = excluded.allowed_mime_types;

/**
 * The channel an attachments-bucket object path belongs to, or null when the path is not
 * `<workspace_id>/<channel_id>/<uuid>/<file name>` with the channel inside that workspace.
 */
create function private.attachment_channel(object_name text)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  folders text[] := storage.foldername(object_name);
  ws uuid;
  ch uuid;
begin
  if cardinality(folders) <> 3 or private.try_uuid(folders[3]) is null
     or coalesce(storage.filename(object_name), '') = '' then
    return null;
  end if;
  ws := private.try_uuid(folders[1]);
  ch := private.try_uuid(folders[2]);
  if ws is null or ch is null then
    return null;
  end if;
  perform 1 from public.channels c where c.id = ch and c.workspace_id = ws;
  if not found then
    return null;
  end if;
  return ch;
end
$$;
comment on function private.attachment_channel(text) is 'Parses and validates an attachments path; returns its channel id or null.';
grant execute on function private.attachment_channel(text) to authenticated, service_role;

create policy objects_insert_attachments_channel_members on storage.objects
  for insert to authenticated
  with check (
    bucket_id = 'attachments'
    and private.can_post_in_channel(private.attachment_channel(name))
  );

create policy objects_select_attachments_channel_readers on storage.objects
  for select to authenticated
  using (
    bucket_id = 'attachments'
    and private.can_read_channel(private.attachment_channel(name))
  );

create policy objects_delete_attachments_uploader_or_admins on storage.objects
  for delete to authenticated
  using (
    bucket_id = 'attachments'
    and private.can_read_channel(private.attachment_channel(name))
    and (
      owner_id = (select auth.uid())::text
      or private.is_workspace_admin(private.try_uuid((storage.foldername(name))[1]))
    )
  );

create policy objects_select_avatars_coworkers on storage.objects
  for select to authenticated
  using (
    bucket_id = 'avatars'
    and (
      (storage.foldername(name))[1] = (select auth.uid())::text
      or private.shares_workspace(private.try_uuid((storage.foldername(name))[1]))
    )
  );

create policy objects_insert_avatars_own on storage.objects
  for insert to authenticated
  with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);

create policy objects_update_avatars_own on storage.objects
  for update to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text)
  with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);

create policy objects_delete_avatars_own on storage.objects
  for delete to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);
