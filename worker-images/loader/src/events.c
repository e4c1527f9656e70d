/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Ring buffer and perf buffer readers behind bpfforge_poll() and lbc_event_loop(). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define PERF_BUFFER_PAGES 8 /* per CPU, as Coolbpf's bpf.so */

static int on_ring_sample(void *ctx, void *data, size_t size)
{
	struct bpfforge_reader *r = ctx;

	r->handled++;
	if (r->fn)
		r->fn(r->ctx, -1, data, (unsigned int)size);
	return 0;
}

static void on_perf_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct bpfforge_reader *r = ctx;

	r->handled++;
	if (r->fn)
		r->fn(r->ctx, cpu, data, size);
}

static void on_perf_lost(void *ctx, int cpu, __u64 count)
{
	struct bpfforge_reader *r = ctx;

	if (r->lost)
		r->lost(r->ctx, cpu, count);
}

static int reader_open(struct bpfforge_reader *r)
{
	int fd = bpf_map__fd(r->map);
	const char *name = bpf_map__name(r->map);

	if (fd < 0)
		return bpfforge_fail(-EBADF, "map %s is not loaded", name);
	switch (bpf_map__type(r->map)) {
	case BPF_MAP_TYPE_RINGBUF:
		r->rb = ring_buffer__new(fd, on_ring_sample, r, NULL);
		if (!r->rb)
			return bpfforge_fail(-errno, "opening ring buffer %s failed", name);
		return 0;
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		r->pb = perf_buffer__new(fd, PERF_BUFFER_PAGES, on_perf_sample, on_perf_lost, r, NULL);
		if (!r->pb)
			return bpfforge_fail(-errno, "opening perf buffer %s failed", name);
		return 0;
	default:
		return bpfforge_fail(-EINVAL, "map %s is a %s map: only ringbuf and perf_event_array deliver events",
				     name, libbpf_bpf_map_type_str(bpf_map__type(r->map)));
	}
}

struct bpfforge_reader *bpfforge_reader_for(struct bpfforge *h, struct bpf_map *map, bpfforge_event_fn fn,
					   void (*lost)(void *, int, unsigned long long), void *ctx)
{
	struct bpfforge_reader *r = NULL, *grown;
	size_t i;

	for (i = 0; i < h->reader_count; i++)
		if (h->readers[i].map == map)
			r = &h->readers[i];
	if (!r) {
		/* readers are libbpf callback contexts and must never move: the array is
		 * sized once, for every map of the object */
		if (!h->readers) {
			size_t n = 0;
			struct bpf_map *m;

			bpf_object__for_each_map(m, h->obj)
				n++;
			h->readers = calloc(n ? n : 1, sizeof(*h->readers));
			if (!h->readers) {
				bpfforge_fail(-ENOMEM, "allocating event readers");
				return NULL;
			}
		}
		grown = &h->readers[h->reader_count];
		memset(grown, 0, sizeof(*grown));
		grown->map = map;
		if (reader_open(grown) < 0)
			return NULL;
		h->reader_count++;
		r = grown;
	}
	r->fn = fn;
	r->lost = lost;
	r->ctx = ctx;
	return r;
}

int bpfforge_reader_poll(struct bpfforge_reader *r, int timeout_ms)
{
	int err;

	r->handled = 0;
	err = r->rb ? ring_buffer__poll(r->rb, timeout_ms) : perf_buffer__poll(r->pb, timeout_ms);
	if (err < 0 && err != -EINTR)
		return bpfforge_fail(err, "polling %s failed", bpf_map__name(r->map));
	return err == -EINTR ? err : r->handled;
}

BPFFORGE_API int bpfforge_poll(struct bpfforge *h, const char *name, bpfforge_event_fn fn, void *ctx, int timeout_ms)
{
	struct bpfforge_reader *r;
	struct bpf_map *map;

	bpfforge_clear_error();
	map = bpfforge_find_map(h, name);
	if (!map)
		return -ENOENT;
	r = bpfforge_reader_for(h, map, fn, NULL, ctx);
	if (!r)
		return -EINVAL;
	return bpfforge_reader_poll(r, timeout_ms);
}

void bpfforge_readers_free(struct bpfforge *h)
{
	size_t i;

	for (i = 0; i < h->reader_count; i++) {
		ring_buffer__free(h->readers[i].rb);
		perf_buffer__free(h->readers[i].pb);
	}
	free(h->readers);
	h->readers = NULL;
	h->reader_count = 0;
}
