/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * usdtsnoop: event layout shared by the BPF program and its user-space loader
 * (read from the "events" ring buffer, e.g. with libbpf's ring_buffer__new()).
 */
#ifndef __USDTSNOOP_H
#define __USDTSNOOP_H

#define TASK_COMM_LEN		16
#define USDTSNOOP_MAX_ARGS	6
#define USDTSNOOP_FILE_LEN	128
#define USDTSNOOP_FUNC_LEN	64

/* event.kind (plain #defines: enumerators could clash with vmlinux.h) */
#define USDTSNOOP_PY_ENTRY	1	/* python:function__entry */
#define USDTSNOOP_PY_RETURN	2	/* python:function__return */
#define USDTSNOOP_GENERIC	3	/* any probe, raw arguments */

struct usdt_event {
	__u32 kind;
	__u32 pid;			/* tgid */
	__u32 tid;
	__s32 argc;			/* USDT argument count (GENERIC), or -errno */
	__u64 ts_ns;
	__u64 cookie;			/* bpf_usdt_opts.usdt_cookie chosen by the loader */
	__s64 args[USDTSNOOP_MAX_ARGS];	/* raw argument values (GENERIC) */
	__s32 lineno;			/* PY_*: line number */
	__u32 __pad;
	char comm[TASK_COMM_LEN];
	char file[USDTSNOOP_FILE_LEN];	/* PY_*: script file name */
	char func[USDTSNOOP_FUNC_LEN];	/* PY_*: function name */
};

#endif /* __USDTSNOOP_H */
