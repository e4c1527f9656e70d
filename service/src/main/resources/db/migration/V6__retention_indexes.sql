-- Retention (RetentionSweeper) finds old finished builds and artifacts nothing refers to; without
-- these indexes each check, and each artifacts delete's foreign-key check, scans a whole table.
create index builds_finished_at_idx on builds (finished_at) where finished_at is not null;
create index builds_sources_blob_idx on builds (sources_blob);
create index job_artifacts_sha256_idx on job_artifacts (sha256);
create index kernels_btf_sha256_idx on kernels (btf_sha256);
