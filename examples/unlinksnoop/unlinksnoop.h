/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * unlinksnoop: event layout shared by the BPF program and its user-space loader
 * (read from the "events" perf buffer, e.g. with libbpf's perf_buffer__new()).
 */
#ifndef __UNLINKSNOOP_H
#define __UNLINKSNOOP_H

#define TASK_COMM_LEN	16
#define MAX_PATH_LEN	256

struct event {
	__u64 ts_ns;			/* bpf_ktime_get_ns() at entry */
	__u64 duration_ns;		/* time spent in do_unlinkat() */
	__u32 pid;			/* tgid */
	__u32 tid;
	__u32 uid;
	__s32 dfd;			/* directory fd the path is relative to (AT_FDCWD = -100) */
	__s32 ret;			/* 0 or -errno */
	char comm[TASK_COMM_LEN];
	char path[MAX_PATH_LEN];	/* path as given by the caller, not resolved */
};

#endif /* __UNLINKSNOOP_H */
