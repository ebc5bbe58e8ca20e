-- Limits across the cluster (dev.jobs.core.job.LimitedClaims): at most N attempts of a type running at once, and
-- at most N starts per period, both set in configuration (jobs.types.<TYPE>.global-concurrency, .rate-limit) and
-- overridden here by operators until reset. The type's row is also the lock every limited claim of the type takes,
-- and keeps when the next start is allowed, so every instance meters from the same place.
alter table job_type_control
    add column if not exists global_concurrency integer check (global_concurrency > 0),
    add column if not exists rate_permits       integer check (rate_permits > 0),
    add column if not exists rate_period_millis bigint  check (rate_period_millis > 0),
    add column if not exists limits_by          varchar(200),
    -- The earliest time the next start of a rate-limited type is allowed.
    add column if not exists next_start_at      timestamptz,
    -- The last time a claim of the type waited for a limit: its jobs wait in their queue on purpose, and the
    -- relay's backstop does not take them for lost messages meanwhile.
    add column if not exists limited_at         timestamptz,
    add constraint job_type_control_rate_whole check ((rate_permits is null) = (rate_period_millis is null));
