/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * bpfforge.h: the C ABI of a BPF Forge loader library (NAME.so).
 *
 * A loader .so embeds one compiled BPF object (the skeleton of NAME.o) and links libbpf, libelf
 * and zlib statically, so a target host needs only libc. It is meant to be driven from Python
 * (ctypes), Go (cgo or purego), Rust (libloading) or C without writing libbpf code:
 *
 *     struct bpfforge *h = bpfforge_open(NULL);          // or a minimized BTF file's path
 *     bpfforge_set_rodata(h, "targ_uid", &uid, 4);      // optional, before load
 *     bpfforge_load(h); bpfforge_attach(h);             // or bpfforge_open_load_attach()
 *     while (running) bpfforge_poll(h, "events", on_event, NULL, 100);
 *     bpfforge_close(h);
 *
 * Conventions: functions returning int give 0 (or a count) on success and a negative errno on
 * failure; functions returning a pointer give NULL on failure. After any failure
 * bpfforge_last_error() says what went wrong (thread-local; the text includes libbpf's last
 * warning when libbpf had one). Loading needs root (or CAP_BPF + CAP_PERFMON).
 *
 * The same library also exports Coolbpf's names (lbc_bpf_init, lbc_map_lookup_elem, ...) with
 * Coolbpf's signatures, so code written for Coolbpf's bpf.so runs unchanged; see the end of
 * this file. Every other symbol in the .so is hidden.
 */
#ifndef BPFFORGE_H
#define BPFFORGE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BPFFORGE_API __attribute__((visibility("default")))

/* One opened (and later loaded and attached) instance of the embedded BPF object. */
struct bpfforge;

/*
 * Called once per event read from a ring buffer or perf buffer. cpu is the CPU of a perf buffer
 * sample, -1 for a ring buffer. data is valid only during the call.
 */
typedef void (*bpfforge_event_fn)(void *ctx, int cpu, const void *data, unsigned int size);

/* Name of the embedded object (the build's NAME), its source digest, kernel and arch. */
BPFFORGE_API const char *bpfforge_object_name(void);
BPFFORGE_API const char *bpfforge_source_sha256(void);
BPFFORGE_API const char *bpfforge_kernel_release(void);
BPFFORGE_API const char *bpfforge_arch(void);

/* Text of the last failure on this thread ("" when none). */
BPFFORGE_API const char *bpfforge_last_error(void);

/* libbpf messages to stderr: -1 none (default), 0 warnings, 1 info, 2 debug. */
BPFFORGE_API void bpfforge_set_log_level(int level);

/*
 * Opens the embedded object. btf_custom_path: NULL to relocate against the running kernel's
 * /sys/kernel/btf/vmlinux, or a BTF file (e.g. NAME.min.btf from BPF Forge) for kernels that
 * ship no BTF (libbpf's btf_custom_path).
 */
BPFFORGE_API struct bpfforge *bpfforge_open(const char *btf_custom_path);

/*
 * Sets a `const volatile` global of the object (its .rodata) before load. size must equal the
 * variable's size. -ENOENT: no such variable; -EBUSY: already loaded.
 */
BPFFORGE_API int bpfforge_set_rodata(struct bpfforge *h, const char *var, const void *value, size_t size);

/* Loads every program and map into the kernel (CO-RE relocation + the kernel's verifier). */
BPFFORGE_API int bpfforge_load(struct bpfforge *h);

/*
 * Attaches every program whose SEC() names its attach point (tp/, kprobe/..., fentry/, ...).
 * Programs with no auto-attach point (SEC("xdp"), bare SEC("kprobe")) are skipped: attach them
 * with lbc_attach_*(). Returns the number of programs attached.
 */
BPFFORGE_API int bpfforge_attach(struct bpfforge *h);

/* open + load + attach; NULL on failure (bpfforge_last_error() says which step failed). */
BPFFORGE_API struct bpfforge *bpfforge_open_load_attach(const char *btf_custom_path);

/* File descriptor of a loaded map by name (as in the BPF source), or a negative errno. */
BPFFORGE_API int bpfforge_map_fd(struct bpfforge *h, const char *map);

/* Key and value sizes in bytes and BPF_MAP_TYPE_* number of a map by name. */
BPFFORGE_API int bpfforge_map_info(struct bpfforge *h, const char *map, unsigned int *type,
				   unsigned int *key_size, unsigned int *value_size);

/* Element operations on a map fd; key/value buffers are the map's key/value size. */
BPFFORGE_API int bpfforge_map_lookup(int map_fd, const void *key, void *value);
/* flags: 0 (any), 1 (BPF_NOEXIST: create only), 2 (BPF_EXIST: update only) */
BPFFORGE_API int bpfforge_map_update(int map_fd, const void *key, const void *value, unsigned long long flags);
BPFFORGE_API int bpfforge_map_delete(int map_fd, const void *key);
/* Iteration: key NULL gives the first key; -ENOENT after the last. */
BPFFORGE_API int bpfforge_map_next_key(int map_fd, const void *key, void *next_key);

/*
 * Waits up to timeout_ms (-1: forever, 0: no wait) for events of a BPF_MAP_TYPE_RINGBUF or
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY map and calls fn for each. Returns the number of events
 * handled. The reader is created on the first call for a map (perf buffers: 8 pages per CPU).
 */
BPFFORGE_API int bpfforge_poll(struct bpfforge *h, const char *map, bpfforge_event_fn fn, void *ctx,
			       int timeout_ms);

/* Destroys every attachment (the programs stay loaded until close). */
BPFFORGE_API void bpfforge_detach(struct bpfforge *h);

/* Detaches, unloads and frees everything of h. NULL is allowed. */
BPFFORGE_API void bpfforge_close(struct bpfforge *h);

/*
 * Coolbpf compatibility (aliyun/coolbpf lcc, the bpf.so its remote compile returns). One global
 * instance; map ids are indexes into the object's maps, from lbc_bpf_get_maps_id().
 *
 * lbc_bpf_init: open, load and, when attach != 0, attach all; log_level as
 *   bpfforge_set_log_level. 0 on success.
 * lbc_set_event_cb/lbc_event_loop: a perf buffer (as in Coolbpf) or a ring buffer (cpu -1);
 *   lbc_event_loop polls until an error (Coolbpf's behaviour) and returns it.
 * lbc_get_map_types: Coolbpf's description JSON, derived from the embedded object's BTF:
 *   {"hash": <sha256 of the source as received>, "kern_version": ..., "arch": ...,
 *    "maps": {NAME: {"type": "BPF_MAP_TYPE_...", "fktype": C key type, "fvtype": C value type,
 *             "ktype": {"type": ..., "size": N} or null, "vtype": {...} or null,
 *             "key_size": N, "value_size": N}},
 *    "ffi": the C declarations of those key and value types}
 */
BPFFORGE_API int lbc_bpf_init(int log_level, int attach);
BPFFORGE_API void lbc_bpf_exit(void);
BPFFORGE_API int lbc_bpf_get_maps_id(char *event);
BPFFORGE_API int lbc_set_event_cb(int id, void (*cb)(void *ctx, int cpu, void *data, unsigned int size),
				  void (*lost)(void *ctx, int cpu, unsigned long long cnt));
BPFFORGE_API int lbc_event_loop(int id, int timeout);
BPFFORGE_API int lbc_map_lookup_elem(int id, const void *key, void *value);
BPFFORGE_API int lbc_map_lookup_elem_flags(int id, const void *key, void *value, unsigned long int flags);
BPFFORGE_API int lbc_map_lookup_and_delete_elem(int id, const void *key, void *value);
BPFFORGE_API int lbc_map_update_elem(int id, const void *key, void *value, unsigned long int flags);
BPFFORGE_API int lbc_map_delete_elem(int id, const void *key);
BPFFORGE_API int lbc_map_get_next_key(int id, const void *key, void *next_key);
BPFFORGE_API const char *lbc_get_map_types(void);
BPFFORGE_API int lbc_attach_perf_event(const char *func, int pfd);
BPFFORGE_API int lbc_attach_kprobe(const char *func, const char *sym);
BPFFORGE_API int lbc_attach_kretprobe(const char *func, const char *sym);
BPFFORGE_API int lbc_attach_uprobe(const char *func, int pid, const char *binary_path, unsigned long func_offset);
BPFFORGE_API int lbc_attach_uretprobe(const char *func, int pid, const char *binary_path, unsigned long func_offset);
BPFFORGE_API int lbc_attach_tracepoint(const char *func, const char *tp_category, const char *tp_name);
BPFFORGE_API int lbc_attach_raw_tracepoint(const char *func, const char *tp_name);
BPFFORGE_API int lbc_attach_cgroup(const char *func, int cgroup_fd);
BPFFORGE_API int lbc_attach_netns(const char *func, int netns_fd);
BPFFORGE_API int lbc_attach_xdp(const char *func, int ifindex);

#ifdef __cplusplus
}
#endif

#endif /* BPFFORGE_H */
