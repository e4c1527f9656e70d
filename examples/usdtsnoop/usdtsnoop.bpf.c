// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * usdtsnoop: trace USDT (statically defined user-space tracing) probes.
 *
 * Three programs, all SEC("usdt") without a target: the loader picks binary,
 * provider and probe name at attach time, e.g. with libbpf
 *   bpf_program__attach_usdt(skel->progs.python_entry, -1,
 *                            "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0",
 *                            "python", "function__entry", NULL);
 *
 * - python_entry / python_return: CPython's python:function__entry and
 *   python:function__return probes (CPython built --with-dtrace), arguments
 *   (const char *filename, const char *funcname, int lineno);
 * - usdt_any: any probe of any binary. It records the probe's argument count,
 *   its first USDTSNOOP_MAX_ARGS arguments as raw integers, and the
 *   usdt_cookie the loader gave at attach time, so one program can serve many
 *   probes (libc:setjmp, a C program's DTRACE_PROBE2(myapp, request, id, len), ...).
 *
 * libbpf's usdt.bpf.h decodes each argument from the probe's ELF note
 * (register, constant or memory operand). It uses BPF cookies where the kernel
 * has them (5.15+) and an IP-to-spec map otherwise, so 5.10 works too.
 *
 * Kernel: 5.8+ (BPF_MAP_TYPE_RINGBUF), 5.5+ (bpf_probe_read_user_str).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>
#include "usdtsnoop.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set by the loader before load; 0 means "all processes". */
const volatile __u32 targ_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

static __always_inline struct usdt_event *event_start(struct pt_regs *ctx, __u32 kind)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct usdt_event *e;

	if (targ_tgid && targ_tgid != (__u32)(pid_tgid >> 32))
		return NULL;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return NULL;

	/* ring buffer memory is not zeroed: clear what this kind leaves unused */
	__builtin_memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->pid = pid_tgid >> 32;
	e->tid = (__u32)pid_tgid;
	e->ts_ns = bpf_ktime_get_ns();
	e->cookie = bpf_usdt_cookie(ctx);
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	return e;
}

static __always_inline int python_event(struct pt_regs *ctx, __u32 kind,
					const char *filename, const char *funcname,
					int lineno)
{
	struct usdt_event *e = event_start(ctx, kind);

	if (!e)
		return 0;
	e->lineno = lineno;
	/* user-space pointers: read with the _user variant */
	bpf_probe_read_user_str(&e->file, sizeof(e->file), filename);
	bpf_probe_read_user_str(&e->func, sizeof(e->func), funcname);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("usdt")
int BPF_USDT(python_entry, const char *filename, const char *funcname, int lineno)
{
	return python_event(ctx, USDTSNOOP_PY_ENTRY, filename, funcname, lineno);
}

SEC("usdt")
int BPF_USDT(python_return, const char *filename, const char *funcname, int lineno)
{
	return python_event(ctx, USDTSNOOP_PY_RETURN, filename, funcname, lineno);
}

SEC("usdt")
int BPF_USDT(usdt_any)
{
	struct usdt_event *e = event_start(ctx, USDTSNOOP_GENERIC);
	long val;
	int i, n;

	if (!e)
		return 0;

	n = bpf_usdt_arg_cnt(ctx);
	e->argc = n;
	if (n > USDTSNOOP_MAX_ARGS)
		n = USDTSNOOP_MAX_ARGS;
	/* bounded loop (verifier-checked since 5.3); bpf_usdt_arg() is a BPF subprogram call */
	for (i = 0; i < USDTSNOOP_MAX_ARGS; i++) {
		if (i >= n)
			break;
		if (bpf_usdt_arg(ctx, i, &val) == 0)
			e->args[i] = val;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}
