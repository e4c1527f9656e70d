-- Kernel catalog, second step: what a kernel is beyond (release, arch), who added it, and what it
-- supports. Only alters kernels (V1 may be rewritten for the other tables).

-- Distribution and flavour when known (e.g. debian / cloud-amd64); not part of a kernel's identity.
alter table kernels add column distro  varchar(64);
alter table kernels add column flavour varchar(64);

-- Who uploaded (or last replaced) the BTF: a token's subject once authentication exists; null until then.
alter table kernels add column uploaded_by text;

-- What the kernel supports, read from its BTF enums (bpf_map_type, bpf_prog_type, bpf_attach_type,
-- bpf_func_id) and types: {"mapTypes": [...], "progTypes": [...], "attachTypes": [...],
-- "helpers": [...], "highlights": {"ringbuf": true, "bpf_loop": false, ...}}.
-- Null for rows added before this migration until the service fills it in at start-up.
alter table kernels add column features jsonb;

