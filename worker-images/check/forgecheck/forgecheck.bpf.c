// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * forgecheck: the smallest program that touches every header a toolchain image must serve.
 * worker-images/check.sh compiles it inside each toolchain image under the Docker executor's
 * sandbox flags and loads the object into the host kernel's verifier.
 *
 * - vmlinux.h (from the kernel's BTF, made in the container with bpftool) and
 *   <bpf/bpf_core_read.h>: BPF_CORE_READ chains and field-existence checks (CO-RE relocations);
 * - <bpf/bpf_tracing.h>: BPF_KPROBE argument access (needs -D__TARGET_ARCH_<arch>);
 * - <bpf/usdt.bpf.h>: BPF_USDT and its argument decoding; it includes <linux/errno.h>, hence
 *   <asm/errno.h>, found only through the multiarch include dir added with -idirafter;
 * - <bpf/bpf_helpers.h>: maps, SEC(), helpers.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline void bump(__u32 slot, __u64 by)
{
	__u64 *v = bpf_map_lookup_elem(&counts, &slot);

	if (v)
		__sync_fetch_and_add(v, by);
}

SEC("tp/sched/sched_process_exec")
int on_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 ppid = BPF_CORE_READ(task, real_parent, tgid);

	if (bpf_core_field_exists(task->loginuid))
		bump(0, ppid != 0);
	return 0;
}

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(on_unlink, int dfd, struct filename *name)
{
	char path[32];
	const char *p = BPF_CORE_READ(name, name);

	if (bpf_probe_read_kernel_str(path, sizeof(path), p) > 0 && dfd >= -100)
		bump(1, 1);
	return 0;
}

SEC("usdt")
int BPF_USDT(on_probe, long first)
{
	long second = 0;

	if (bpf_usdt_arg_cnt(ctx) > 1)
		bpf_usdt_arg(ctx, 1, &second);
	bump(2, (__u64)(first + second) | bpf_usdt_cookie(ctx));
	return 0;
}
