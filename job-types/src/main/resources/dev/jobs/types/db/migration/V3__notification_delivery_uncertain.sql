-- A mail whose whole message reached the SMTP server and whose answer was lost (read timeout, reset
-- connection) may have been delivered: the send record says so, UNCERTAIN, and no attempt sends it again.
-- The check was created inline (by V2 here or by platform-app's V3__notifications.sql), so it carries
-- PostgreSQL's default name.
alter table notification_delivery drop constraint if exists notification_delivery_status_check;
alter table notification_delivery add constraint notification_delivery_status_check
    check (status in ('SENDING', 'SENT', 'UNCERTAIN'));
