-- AUDITOR: sees every job and every dashboard page, changes nothing (see docs/DASHBOARD.md).
alter table app_user drop constraint app_user_role_check;
alter table app_user add constraint app_user_role_check check (role in ('SUPER_ADMIN', 'MANAGER', 'USER', 'AUDITOR'));
