-- Jobs and their downloads are owned by the username (the core's created_by). A username is therefore
-- given once: deleting a user keeps the row and its name, and nobody can take the name again and inherit
-- the old jobs. Deleted rows that already share a name with another row get a distinct one first.
update app_user d
   set username = left(d.username, 30) || '.deleted-' || d.id
 where d.deleted
   and exists (select 1 from app_user o
                where o.username = d.username and o.id <> d.id and (not o.deleted or o.id > d.id));

drop index app_user_username_uq;
create unique index app_user_username_uq on app_user (username);

-- Personal API tokens may expire; null means never (until revoked).
alter table api_token add column expires_at timestamptz;
