-- A claim held in a delivery batch behind another job's handler: RUNNING, but its handler has not
-- started. If its worker dies before it starts, the lease reaper hands it back without counting the
-- attempt (no attempt spent without a run). Set by the batch claim for every claim but the first,
-- cleared by the worker just before the handler runs. Not indexed, so clearing it can be a HOT update,
-- like the heartbeat. Rows that predate it (and rows written by hand) count as started: the safe
-- reading, the one the platform had before.
alter table job add column held_in_batch boolean not null default false;
