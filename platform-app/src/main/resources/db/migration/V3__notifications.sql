-- Notifications (job type NOTIFICATION): the application's part only, the language a user's notifications are
-- written in (a BCP 47 tag such as zh-CN or en); null: the platform's default (jobs.notifications.default-locale).
-- The notification tables themselves (inbox, send record, preferences) belong to job-types, which creates them
-- with its own Flyway (dev/jobs/types/db/migration/V2__notifications.sql). Until this file was cut down to this
-- column it created them too; a database migrated then keeps its tables (and their foreign keys to app_user),
-- and its recorded checksum of this file is realigned once (NotificationTablesHandover).
alter table app_user add column locale varchar(35);
