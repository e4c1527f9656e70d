-- Authentication: bearer tokens, stored as the SHA-256 of the secret (the secret itself is shown
-- once, at creation, and never stored). A token belongs to one tenant and has one role.
create table api_tokens (
    id           uuid         primary key,
    tenant       varchar(64)  not null,
    role         varchar(16)  not null,
    name         varchar(128),
    token_sha256 varchar(64)  not null,
    created_at   timestamptz  not null,
    created_by   varchar(64),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    constraint api_tokens_sha256_key unique (token_sha256),
    constraint api_tokens_role_check check (role in ('admin', 'user', 'read'))
);

-- Builds belong to the tenant whose token submitted them; other tenants never see them.
-- Builds made before authentication existed (and rows written by plain SQL that name no tenant)
-- belong to the tenant "default"; the service always names the submitting token's tenant.
alter table builds add column tenant varchar(64) not null default 'default';
create index builds_tenant_created_at_idx on builds (tenant, created_at desc);
