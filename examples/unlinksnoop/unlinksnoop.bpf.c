// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * unlinksnoop: trace unlink()/unlinkat() with its result and latency.
 *
 * kprobe on do_unlinkat(int dfd, struct filename *name): copy the path out of
 * struct filename into a per-thread slot of a hash map (the struct is released
 * with putname() before the function returns, so it cannot be read later).
 * kretprobe on do_unlinkat: take the slot back, add the return value and the
 * duration, and push the record to user space through a perf buffer.
 *
 * do_unlinkat() has kept this (dfd, name) signature from 5.x to 6.18; only its
 * return type changed (long on 5.10, int on 6.1+), so the return value is read as
 * the low 32 bits, which is correct for both.
 *
 * Kernel: 5.5+ (bpf_probe_read_kernel_str), CONFIG_KPROBES to attach; BTF or a
 * BPF Forge BTF file for CO-RE.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "unlinksnoop.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set by the loader before load; 0 means "all processes". */
const volatile __u32 targ_tgid = 0;

/* In-flight calls, keyed by thread id (the kernel's "pid"). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct event);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

/* Scratch space: struct event is too big to build comfortably on the 512-byte stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct event);
} heap SEC(".maps");

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(do_unlinkat_entry, int dfd, struct filename *name)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tgid = pid_tgid >> 32;
	__u32 tid = (__u32)pid_tgid;
	__u32 zero = 0;
	const char *path;
	struct event *e;

	if (targ_tgid && targ_tgid != tgid)
		return 0;

	e = bpf_map_lookup_elem(&heap, &zero);
	if (!e)
		return 0;

	e->ts_ns = bpf_ktime_get_ns();
	e->duration_ns = 0;
	e->pid = tgid;
	e->tid = tid;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->dfd = dfd;
	e->ret = 0;
	bpf_get_current_comm(&e->comm, sizeof(e->comm));

	/* CO-RE: offset of filename->name comes from the running kernel's BTF */
	path = BPF_CORE_READ(name, name);
	bpf_probe_read_kernel_str(&e->path, sizeof(e->path), path);

	bpf_map_update_elem(&start, &tid, e, BPF_ANY);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(do_unlinkat_exit, int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct event *e;

	e = bpf_map_lookup_elem(&start, &tid);
	if (!e)
		return 0; /* entry missed (filtered, map full, or probe attached mid-call) */

	e->ret = ret;
	e->duration_ns = bpf_ktime_get_ns() - e->ts_ns;
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, e, sizeof(*e));

	bpf_map_delete_elem(&start, &tid);
	return 0;
}
