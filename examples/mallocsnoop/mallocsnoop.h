/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * mallocsnoop: per-process malloc() statistics, shared by the BPF program and
 * the user-space reader of the "stats" hash map (key: __u32 tgid).
 */
#ifndef __MALLOCSNOOP_H
#define __MALLOCSNOOP_H

#define TASK_COMM_LEN	16
/* Size histogram: hist[0] counts malloc(0); hist[i] (i >= 1) counts sizes in
 * [2^(i-1), 2^i), i.e. slot = floor(log2(size)) + 1; the last slot also
 * collects everything larger. */
#define MAX_SLOTS	32

struct malloc_stats {
	__u64 calls;		/* malloc() entries seen */
	__u64 bytes;		/* sum of requested sizes */
	__u64 failed;		/* malloc() returned NULL */
	__u64 max_size;		/* largest request seen (racy max, good enough for stats) */
	__u64 hist[MAX_SLOTS];	/* log2 histogram of requested sizes */
	char comm[TASK_COMM_LEN];
};

#endif /* __MALLOCSNOOP_H */
