/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Internals shared by the loader's sources; nothing here is exported from the .so. */
#ifndef BPFFORGE_INTERNAL_H
#define BPFFORGE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <bpf/libbpf.h>
#include "bpfforge.h"

/* Written by bpfforge-link-so for each build (build-info.c): the embedded object and its origin. */
const void *bpfforge_build_elf(size_t *size);
extern const char bpfforge_build_name[];
extern const char bpfforge_build_source_sha256[];
extern const char bpfforge_build_kernel[];
extern const char bpfforge_build_arch[];

/* A ring buffer or perf buffer reader of one map, created on first poll. */
struct bpfforge_reader {
	const struct bpf_map *map;
	struct ring_buffer *rb;
	struct perf_buffer *pb;
	bpfforge_event_fn fn;
	void (*lost)(void *ctx, int cpu, unsigned long long count);
	void *ctx;
	int handled; /* events delivered by the current poll */
};

struct bpfforge {
	struct bpf_object *obj;
	bool loaded;
	struct bpf_link **links;
	size_t link_count, link_cap;
	struct bpfforge_reader *readers;
	size_t reader_count;
};

/* Records the failure text for bpfforge_last_error() and returns err (a negative errno). */
int bpfforge_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bpfforge_clear_error(void);
/* Routes libbpf's messages: kept for error texts, printed per bpfforge_set_log_level(). */
void bpfforge_install_libbpf_print(void);

/* Opens the embedded object (not loaded): the one place that calls bpf_object__open_mem. */
struct bpf_object *bpfforge_open_object(const char *btf_custom_path);
int bpfforge_add_link(struct bpfforge *h, struct bpf_link *link);
struct bpf_map *bpfforge_find_map(struct bpfforge *h, const char *name);
/* The reader of map (created with the given callbacks if new; callbacks updated otherwise). */
struct bpfforge_reader *bpfforge_reader_for(struct bpfforge *h, struct bpf_map *map, bpfforge_event_fn fn,
					   void (*lost)(void *, int, unsigned long long), void *ctx);
int bpfforge_reader_poll(struct bpfforge_reader *r, int timeout_ms);
void bpfforge_readers_free(struct bpfforge *h);

#endif
