/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * execsnoop: event layout shared by the BPF program and its user-space loader.
 *
 * Only fixed-size __u32/__u64/char members, so the header compiles both next to
 * vmlinux.h (BPF side) and next to <linux/types.h> (user side) and the layout is
 * identical on x86_64 and arm64.
 */
#ifndef __EXECSNOOP_H
#define __EXECSNOOP_H

#define TASK_COMM_LEN	 16
#define MAX_FILENAME_LEN 256

struct event {
	__u32 pid;			/* tgid of the process that called exec */
	__u32 ppid;			/* tgid of its real parent */
	__u32 uid;
	__u32 __pad;
	__u64 ts_ns;			/* bpf_ktime_get_ns() at exec */
	char comm[TASK_COMM_LEN];	/* comm after exec (new program's name) */
	char filename[MAX_FILENAME_LEN]; /* path passed to exec, as the kernel saw it */
};

#endif /* __EXECSNOOP_H */
