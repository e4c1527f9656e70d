-- Kernel catalog: one row per (release, arch); the BTF bytes live in the blob store.
create table kernels (
    id            bigserial    primary key,
    release       varchar(128) not null,
    arch          varchar(16)  not null,
    btf_sha256    varchar(64)  not null,
    btf_size      bigint       not null,
    type_count    integer      not null,
    source_format varchar(32)  not null,
    uploaded_at   timestamptz  not null,
    constraint kernels_release_arch_key unique (release, arch)
);

-- Content-addressed artifacts; the bytes live in the blob store under sha256.
create table artifacts (
    sha256     varchar(64) primary key,
    size       bigint      not null,
    created_at timestamptz not null
);

-- A build: one source tree and its options, compiled for one or more targets (jobs).
create table builds (
    id            uuid          primary key,
    created_at    timestamptz   not null,
    finished_at   timestamptz,
    state         varchar(16)   not null,
    name          varchar(128),
    version       varchar(128),
    entry         varchar(1024) not null,
    source_sha256 varchar(64)   not null,
    sources_blob  varchar(64)   not null,
    options       jsonb         not null
);
create index builds_created_at_idx on builds (created_at desc);

-- The queue: one job per target. Workers claim with FOR UPDATE SKIP LOCKED and hold a lease;
-- every heartbeat and completion is fenced by lease_version.
create table jobs (
    id               bigserial    primary key,
    build_id         uuid         not null references builds (id) on delete cascade,
    target_index     integer      not null,
    kernel_id        bigint       not null references kernels (id),
    toolchain        varchar(64)  not null,
    mcpu             varchar(4)   not null,
    action_key       varchar(64)  not null,
    state            varchar(16)  not null,
    attempts         integer      not null default 0,
    max_attempts     integer      not null,
    worker           varchar(128),
    lease_version    bigint       not null default 0,
    lease_expires_at timestamptz,
    queued_at        timestamptz  not null,
    started_at       timestamptz,
    finished_at      timestamptz,
    failure_kind     varchar(32),
    failure          text,
    cache_hit        boolean      not null default false,
    vmlinux_source   varchar(16),
    diagnostics      jsonb,
    log              text,
    constraint jobs_build_target_key unique (build_id, target_index)
);
create index jobs_queued_idx on jobs (toolchain, id) where state = 'QUEUED';
create index jobs_running_lease_idx on jobs (lease_expires_at) where state = 'RUNNING';

create table job_artifacts (
    job_id bigint       not null references jobs (id) on delete cascade,
    kind   varchar(16)  not null,
    name   varchar(255) not null,
    sha256 varchar(64)  not null references artifacts (sha256),
    primary key (job_id, kind)
);

-- Action cache: the SHA-256 of every compile input -> the job whose artifacts answer it.
create table action_cache (
    action_key varchar(64) primary key,
    job_id     bigint      not null references jobs (id) on delete cascade,
    created_at timestamptz not null
);

-- Toolchains the workers hold, as they read them from their tools; a worker refreshes its rows
-- while it runs, and routing considers rows seen recently.
create table toolchains (
    id              varchar(64)  primary key,
    clang           varchar(32)  not null,
    libbpf          varchar(32)  not null,
    bpftool         varchar(32)  not null,
    arches          varchar(64)  not null,
    system_includes jsonb        not null,
    image           varchar(255),
    seen_at         timestamptz  not null
);
