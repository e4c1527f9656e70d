// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * execsnoop: report every successful exec(), system wide.
 *
 * Attaches to the sched:sched_process_exec tracepoint, which fires once the new
 * program image is in place (so comm is already the new program's name), and
 * sends one struct event per exec through a BPF ring buffer.
 *
 * Kernel: 5.8+ (BPF_MAP_TYPE_RINGBUF); BTF (CONFIG_DEBUG_INFO_BTF) or a BTF file
 * from BPF Forge for CO-RE relocations.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "execsnoop.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set by the loader before load (skeleton: skel->rodata->targ_uid = ...).
 * (__u32)-1 means "all users". */
const volatile __u32 targ_uid = (__u32)-1;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024); /* bytes; a power of two and a page multiple */
} events SEC(".maps");

SEC("tp/sched/sched_process_exec")
int handle_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct task_struct *task;
	struct event *e;
	unsigned int fname_off;
	__u32 uid;

	uid = (__u32)bpf_get_current_uid_gid();
	if (targ_uid != (__u32)-1 && uid != targ_uid)
		return 0;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0; /* ring buffer full: the event is dropped */

	task = (struct task_struct *)bpf_get_current_task();

	e->pid = bpf_get_current_pid_tgid() >> 32;
	/* CO-RE: offsets of real_parent and tgid come from the running kernel's BTF */
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = uid;
	e->__pad = 0;
	e->ts_ns = bpf_ktime_get_ns();
	bpf_get_current_comm(&e->comm, sizeof(e->comm));

	/*
	 * filename is a __data_loc field: the low 16 bits are the offset of the
	 * string from the start of the record, the high 16 bits its length.
	 * The read of __data_loc_filename itself is CO-RE relocated (vmlinux.h
	 * marks every struct with preserve_access_index).
	 */
	fname_off = ctx->__data_loc_filename & 0xFFFF;
	bpf_probe_read_kernel_str(&e->filename, sizeof(e->filename), (void *)ctx + fname_off);

	bpf_ringbuf_submit(e, 0);
	return 0;
}
