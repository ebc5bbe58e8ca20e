-- Every process that runs the engine (dev.jobs.core.instance): one row, upserted by its heartbeat. A row whose
-- heartbeat is older than jobs.instances.gone-after is shown as gone; rows gone for longer than
-- jobs.instances.retention are deleted by any live instance. Small and rewritten often: no index but the key,
-- so every heartbeat is a HOT update.
create table if not exists job_instance (
    id             varchar(200) primary key,
    host           varchar(255) not null,
    pid            bigint       not null,
    version        varchar(100) not null,
    started_at     timestamptz  not null,
    last_heartbeat timestamptz  not null,
    stopped        boolean      not null default false,
    consumers      jsonb        not null default '{}',
    running        jsonb        not null default '{}'
) with (fillfactor = 50);
