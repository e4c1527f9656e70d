// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * mallocsnoop: count malloc() calls, requested bytes, a log2 size histogram
 * and failures (NULL returns) per process.
 *
 * SEC("uprobe") / SEC("uretprobe") carry no target: the loader decides at
 * attach time which binary and which function to hook, e.g. with libbpf
 *   LIBBPF_OPTS(bpf_uprobe_opts, o, .func_name = "malloc", .retprobe = false);
 *   bpf_program__attach_uprobe_opts(skel->progs.malloc_enter, -1,
 *                                   "/lib/x86_64-linux-gnu/libc.so.6", 0, &o);
 * (and the same with .retprobe = true for malloc_exit). The same object works
 * for any allocator with a malloc-like signature (jemalloc, tcmalloc, a static
 * binary's own malloc) by changing the path and function name.
 *
 * Kernel: uprobes + BPF_PROG_TYPE_KPROBE (4.x+); no kernel struct is read, so
 * no CO-RE relocation is needed.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "mallocsnoop.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set by the loader before load; 0 means "all processes". */
const volatile __u32 targ_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);			/* tgid */
	__type(value, struct malloc_stats);
} stats SEC(".maps");

/* floor(log2(v)) for v > 0, without loops (the verifier likes straight code). */
static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 r = 0, shift;

	shift = (v > 0xFFFFFFFFULL) << 5; v >>= shift; r |= shift;
	shift = (v > 0xFFFF) << 4; v >>= shift; r |= shift;
	shift = (v > 0xFF) << 3; v >>= shift; r |= shift;
	shift = (v > 0xF) << 2; v >>= shift; r |= shift;
	shift = (v > 0x3) << 1; v >>= shift; r |= shift;
	r |= (v >> 1);
	return r;
}

static __always_inline struct malloc_stats *stats_for(__u32 tgid)
{
	struct malloc_stats *s, zero = {};

	s = bpf_map_lookup_elem(&stats, &tgid);
	if (s)
		return s;
	bpf_get_current_comm(&zero.comm, sizeof(zero.comm));
	/* BPF_NOEXIST: another CPU may have created it meanwhile; that is fine */
	bpf_map_update_elem(&stats, &tgid, &zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&stats, &tgid);
}

SEC("uprobe")
int BPF_UPROBE(malloc_enter, size_t size)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct malloc_stats *s;
	__u32 slot;

	if (targ_tgid && targ_tgid != tgid)
		return 0;

	s = stats_for(tgid);
	if (!s)
		return 0;

	slot = size ? log2_u64(size) + 1 : 0;
	if (slot >= MAX_SLOTS)
		slot = MAX_SLOTS - 1;

	/* results unused: compiles to BPF_XADD, which 5.10 accepts (fetch variants need 5.12) */
	__sync_fetch_and_add(&s->calls, 1);
	__sync_fetch_and_add(&s->bytes, size);
	__sync_fetch_and_add(&s->hist[slot], 1);
	if (size > s->max_size)
		s->max_size = size;
	return 0;
}

SEC("uretprobe")
int BPF_URETPROBE(malloc_exit, void *ret)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct malloc_stats *s;

	if (ret)
		return 0;
	if (targ_tgid && targ_tgid != tgid)
		return 0;

	s = bpf_map_lookup_elem(&stats, &tgid);
	if (s)
		__sync_fetch_and_add(&s->failed, 1);
	return 0;
}
