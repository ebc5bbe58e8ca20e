-- The operation log: who did what, written in batches by the OPERATION_LOG message consumer.
-- id is the message id the entry was sent with: a redelivered entry inserts nothing twice
-- (INSERT ... ON CONFLICT (id) DO NOTHING).
CREATE TABLE operation_log (
    id              uuid         PRIMARY KEY,
    occurred_at     timestamptz  NOT NULL,
    username        text         NOT NULL,
    action          text         NOT NULL,
    target          text,
    message         text         NOT NULL,
    outcome         text         NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE')),
    error_type      text,
    error_message   text,
    duration_ms     bigint       NOT NULL,
    client_ip       text,
    user_agent      text,
    http_method     text,
    path            text,
    correlation_id  text,
    arguments       jsonb,
    diff            jsonb,
    recorded_at     timestamptz  NOT NULL DEFAULT now()
);

-- GET /api/operation-logs: newest first, alone or after one equality filter.
CREATE INDEX operation_log_time ON operation_log (occurred_at DESC, id DESC);
CREATE INDEX operation_log_user ON operation_log (username, occurred_at DESC);
CREATE INDEX operation_log_action ON operation_log (action, occurred_at DESC);
CREATE INDEX operation_log_target ON operation_log (target, occurred_at DESC);
CREATE INDEX operation_log_failures ON operation_log (occurred_at DESC) WHERE outcome = 'FAILURE';

-- q= searches the message for a substring: a trigram index serves ILIKE '%...%'.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX operation_log_message ON operation_log USING gin (message gin_trgm_ops);
