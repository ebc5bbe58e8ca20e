-- A member's shard of its batch's counts (job_batch_shard), chosen when it is submitted: blocks of consecutive
-- members share a shard, and consecutive blocks go to different shards. Deliveries come in submission order, so
-- the successes one consumer records together fall in one or two shards, and consumers working side by side count
-- in different shards: they seldom wait for each other's shard rows.
alter table job add column if not exists batch_shard smallint;
