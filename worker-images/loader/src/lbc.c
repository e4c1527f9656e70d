/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Coolbpf's bpf.so names, with Coolbpf's signatures, over one global instance, so programs
 * written against Coolbpf (pylcc, its Go and Rust bindings) run on a BPF Forge .so unchanged.
 * Coolbpf returns -1 for a bad map id and libbpf's result otherwise; so do these.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include "internal.h"

static struct bpfforge *lbc;

BPFFORGE_API int lbc_bpf_init(int log_level, int attach)
{
	bpfforge_set_log_level(log_level);
	if (lbc)
		return bpfforge_fail(-EALREADY, "lbc_bpf_init: already initialised (call lbc_bpf_exit first)");
	lbc = bpfforge_open(NULL);
	if (!lbc)
		return -1;
	if (bpfforge_load(lbc) < 0 || (attach && bpfforge_attach(lbc) < 0)) {
		if (log_level >= 0)
			fprintf(stderr, "lbc_bpf_init: %s\n", bpfforge_last_error());
		bpfforge_close(lbc);
		lbc = NULL;
		return -1;
	}
	return 0;
}

BPFFORGE_API void lbc_bpf_exit(void)
{
	bpfforge_close(lbc);
	lbc = NULL;
}

/* Map ids are positions in the object's map list, as in Coolbpf's skeleton-based ids. */
static struct bpf_map *map_by_id(int id)
{
	struct bpf_map *map;
	int i = 0;

	if (!lbc || id < 0)
		return NULL;
	bpf_object__for_each_map(map, lbc->obj)
		if (i++ == id)
			return map;
	return NULL;
}

static int fd_by_id(int id)
{
	struct bpf_map *map = map_by_id(id);

	return map ? bpf_map__fd(map) : -1;
}

BPFFORGE_API int lbc_bpf_get_maps_id(char *event)
{
	struct bpf_map *map;
	int i = 0;

	if (!lbc || !event)
		return -1;
	bpf_object__for_each_map(map, lbc->obj) {
		if (strcmp(bpf_map__name(map), event) == 0)
			return i;
		i++;
	}
	return -1;
}

BPFFORGE_API int lbc_set_event_cb(int id, void (*cb)(void *ctx, int cpu, void *data, unsigned int size),
				  void (*lost)(void *ctx, int cpu, unsigned long long cnt))
{
	struct bpf_map *map = map_by_id(id);

	if (!map)
		return -1;
	/* Coolbpf's callbacks get ctx NULL */
	return bpfforge_reader_for(lbc, map, (bpfforge_event_fn)cb, lost, NULL) ? 0 : -1;
}

BPFFORGE_API int lbc_event_loop(int id, int timeout)
{
	struct bpfforge_reader *r = NULL;
	struct bpf_map *map = map_by_id(id);
	size_t i;
	int ret;

	if (!map)
		return -1;
	for (i = 0; i < lbc->reader_count; i++)
		if (lbc->readers[i].map == map)
			r = &lbc->readers[i];
	if (!r)
		return -2; /* Coolbpf: lbc_set_event_cb was not called for this id */
	/* Coolbpf polls until polling fails (a signal, or the buffer going away) */
	while ((ret = bpfforge_reader_poll(r, timeout)) >= 0)
		;
	return ret;
}

BPFFORGE_API int lbc_map_lookup_elem(int id, const void *key, void *value)
{
	int fd = fd_by_id(id);

	return fd < 0 ? -1 : bpf_map_lookup_elem(fd, key, value);
}

BPFFORGE_API int lbc_map_lookup_elem_flags(int id, const void *key, void *value, unsigned long int flags)
{
	int fd = fd_by_id(id);

	return fd < 0 ? -1 : bpf_map_lookup_elem_flags(fd, key, value, flags);
}

BPFFORGE_API int lbc_map_lookup_and_delete_elem(int id, const void *key, void *value)
{
	int fd = fd_by_id(id);

	return fd < 0 ? -1 : bpf_map_lookup_and_delete_elem(fd, key, value);
}

BPFFORGE_API int lbc_map_update_elem(int id, const void *key, void *value, unsigned long int flags)
{
	int fd = fd_by_id(id);

	return fd < 0 ? -1 : bpf_map_update_elem(fd, key, value, flags);
}

BPFFORGE_API int lbc_map_delete_elem(int id, const void *key)
{
	int fd = fd_by_id(id);

	return fd < 0 ? -1 : bpf_map_delete_elem(fd, key);
}

BPFFORGE_API int lbc_map_get_next_key(int id, const void *key, void *next_key)
{
	int fd = fd_by_id(id);

	return fd < 0 ? -1 : bpf_map_get_next_key(fd, key, next_key);
}

/* Keeps the link of an explicit lbc_attach_*(); 0 or -1 as in Coolbpf. */
static int keep(const char *what, const char *func, struct bpf_link *link)
{
	if (!link) {
		bpfforge_fail(-errno, "%s: attaching %s failed", what, func);
		return -1;
	}
	return bpfforge_add_link(lbc, link) ? -1 : 0;
}

static struct bpf_program *prog_by_name(const char *what, const char *func)
{
	struct bpf_program *prog;

	if (!lbc) {
		bpfforge_fail(-EINVAL, "%s: call lbc_bpf_init first", what);
		return NULL;
	}
	prog = func ? bpf_object__find_program_by_name(lbc->obj, func) : NULL;
	if (!prog)
		bpfforge_fail(-ENOENT, "%s: %s has no program %s", what, bpfforge_build_name, func ? func : "(null)");
	return prog;
}

#define ATTACH(what, func, call)                                                                   \
	do {                                                                                       \
		struct bpf_program *prog = prog_by_name(what, func);                               \
		if (!prog)                                                                         \
			return -1;                                                                 \
		return keep(what, func, call);                                                     \
	} while (0)

BPFFORGE_API int lbc_attach_perf_event(const char *func, int pfd)
{
	ATTACH("lbc_attach_perf_event", func, bpf_program__attach_perf_event(prog, pfd));
}

BPFFORGE_API int lbc_attach_kprobe(const char *func, const char *sym)
{
	ATTACH("lbc_attach_kprobe", func, bpf_program__attach_kprobe(prog, false, sym));
}

BPFFORGE_API int lbc_attach_kretprobe(const char *func, const char *sym)
{
	ATTACH("lbc_attach_kretprobe", func, bpf_program__attach_kprobe(prog, true, sym));
}

BPFFORGE_API int lbc_attach_uprobe(const char *func, int pid, const char *binary_path, unsigned long func_offset)
{
	ATTACH("lbc_attach_uprobe", func, bpf_program__attach_uprobe(prog, false, pid, binary_path, func_offset));
}

BPFFORGE_API int lbc_attach_uretprobe(const char *func, int pid, const char *binary_path, unsigned long func_offset)
{
	ATTACH("lbc_attach_uretprobe", func, bpf_program__attach_uprobe(prog, true, pid, binary_path, func_offset));
}

BPFFORGE_API int lbc_attach_tracepoint(const char *func, const char *tp_category, const char *tp_name)
{
	ATTACH("lbc_attach_tracepoint", func, bpf_program__attach_tracepoint(prog, tp_category, tp_name));
}

BPFFORGE_API int lbc_attach_raw_tracepoint(const char *func, const char *tp_name)
{
	ATTACH("lbc_attach_raw_tracepoint", func, bpf_program__attach_raw_tracepoint(prog, tp_name));
}

BPFFORGE_API int lbc_attach_cgroup(const char *func, int cgroup_fd)
{
	ATTACH("lbc_attach_cgroup", func, bpf_program__attach_cgroup(prog, cgroup_fd));
}

BPFFORGE_API int lbc_attach_netns(const char *func, int netns_fd)
{
	ATTACH("lbc_attach_netns", func, bpf_program__attach_netns(prog, netns_fd));
}

BPFFORGE_API int lbc_attach_xdp(const char *func, int ifindex)
{
	ATTACH("lbc_attach_xdp", func, bpf_program__attach_xdp(prog, ifindex));
}
