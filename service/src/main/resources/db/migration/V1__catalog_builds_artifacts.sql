-- Kernel catalog: one row per (release, arch); the BTF bytes live in the blob store.
create table kernels (
    id            bigserial    primary key,
    release       varchar(128) not null,
    arch          varchar(16)  not null,
    btf_sha256    varchar(64) not null,
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

create table builds (
    id             uuid         primary key,
    created_at     timestamptz  not null,
    finished_at    timestamptz,
    state          varchar(16)  not null,
    entry          varchar(1024) not null,
    kernel_id      bigint       not null references kernels (id),
    toolchain      varchar(64)  not null,
    mcpu           varchar(4)   not null,
    options        jsonb        not null,
    source_sha256  varchar(64) not null,
    action_key     varchar(64) not null,
    cache_hit      boolean      not null,
    vmlinux_source varchar(16),
    diagnostics    jsonb,
    log            text
);
create index builds_created_at_idx on builds (created_at desc);

create table build_artifacts (
    build_id uuid         not null references builds (id) on delete cascade,
    kind     varchar(16)  not null,
    name     varchar(255) not null,
    sha256   varchar(64) not null references artifacts (sha256),
    primary key (build_id, kind)
);

-- Action cache: the SHA-256 of every compile input -> the build that produced its artifacts.
create table action_cache (
    action_key varchar(64) primary key,
    build_id   uuid        not null references builds (id) on delete cascade,
    created_at timestamptz not null
);
