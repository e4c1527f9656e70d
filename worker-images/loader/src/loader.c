/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Open, set .rodata, load, attach, detach and close the embedded object. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include "internal.h"

BPFFORGE_API const char *bpfforge_object_name(void) { return bpfforge_build_name; }
BPFFORGE_API const char *bpfforge_source_sha256(void) { return bpfforge_build_source_sha256; }
BPFFORGE_API const char *bpfforge_kernel_release(void) { return bpfforge_build_kernel; }
BPFFORGE_API const char *bpfforge_arch(void) { return bpfforge_build_arch; }

struct bpf_object *bpfforge_open_object(const char *btf_custom_path)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = bpfforge_build_name,
		    .btf_custom_path = btf_custom_path);
	struct bpf_object *obj;
	const void *elf;
	size_t size;

	bpfforge_install_libbpf_print();
	elf = bpfforge_build_elf(&size);
	obj = bpf_object__open_mem(elf, size, &opts);
	if (!obj) {
		bpfforge_fail(-errno, "opening the embedded BPF object %s failed", bpfforge_build_name);
		return NULL;
	}
	return obj;
}

BPFFORGE_API struct bpfforge *bpfforge_open(const char *btf_custom_path)
{
	struct bpfforge *h;

	bpfforge_clear_error();
	h = calloc(1, sizeof(*h));
	if (!h) {
		bpfforge_fail(-ENOMEM, "bpfforge_open");
		return NULL;
	}
	h->obj = bpfforge_open_object(btf_custom_path);
	if (!h->obj) {
		free(h);
		return NULL;
	}
	return h;
}

/* The object's .rodata map: libbpf names internal maps "<object prefix>.rodata". */
static struct bpf_map *rodata_map(struct bpf_object *obj)
{
	struct bpf_map *map;
	const char *name;
	size_t n;

	bpf_object__for_each_map(map, obj) {
		if (!bpf_map__is_internal(map))
			continue;
		name = bpf_map__name(map);
		n = strlen(name);
		if (n >= 7 && strcmp(name + n - 7, ".rodata") == 0)
			return map;
	}
	return NULL;
}

BPFFORGE_API int bpfforge_set_rodata(struct bpfforge *h, const char *var, const void *value, size_t size)
{
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec, *t;
	struct bpf_map *map;
	struct btf *btf;
	size_t data_size;
	char *data;
	int id, i;

	bpfforge_clear_error();
	if (!h || !var || !value)
		return bpfforge_fail(-EINVAL, "bpfforge_set_rodata: handle, name and value are required");
	if (h->loaded)
		return bpfforge_fail(-EBUSY, "cannot set %s: the object is already loaded (set .rodata before load)", var);
	map = rodata_map(h->obj);
	btf = bpf_object__btf(h->obj);
	id = btf ? btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC) : -ENOENT;
	if (!map || id < 0)
		return bpfforge_fail(-ENOENT, "%s has no .rodata (no const volatile globals)", bpfforge_build_name);
	data = bpf_map__initial_value(map, &data_size);
	sec = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		t = btf__type_by_id(btf, vs->type);
		if (strcmp(btf__name_by_offset(btf, t->name_off), var) != 0)
			continue;
		if (vs->size != size)
			return bpfforge_fail(-EINVAL, "%s is %u bytes, not %zu", var, vs->size, size);
		if (!data || vs->offset + vs->size > data_size)
			return bpfforge_fail(-EFAULT, "%s lies outside .rodata", var);
		memcpy(data + vs->offset, value, size);
		return 0;
	}
	return bpfforge_fail(-ENOENT, "%s has no const volatile variable %s", bpfforge_build_name, var);
}

BPFFORGE_API int bpfforge_load(struct bpfforge *h)
{
	int err;

	bpfforge_clear_error();
	if (!h)
		return bpfforge_fail(-EINVAL, "bpfforge_load: no handle");
	if (h->loaded)
		return 0;
	err = bpf_object__load(h->obj);
	if (err)
		return bpfforge_fail(err, "loading %s into the kernel failed", bpfforge_build_name);
	h->loaded = true;
	return 0;
}

int bpfforge_add_link(struct bpfforge *h, struct bpf_link *link)
{
	if (h->link_count == h->link_cap) {
		size_t cap = h->link_cap ? h->link_cap * 2 : 8;
		struct bpf_link **links = realloc(h->links, cap * sizeof(*links));

		if (!links) {
			bpf_link__destroy(link);
			return bpfforge_fail(-ENOMEM, "keeping an attachment");
		}
		h->links = links;
		h->link_cap = cap;
	}
	h->links[h->link_count++] = link;
	return 0;
}

BPFFORGE_API int bpfforge_attach(struct bpfforge *h)
{
	struct bpf_program *prog;
	struct bpf_link *link;
	int attached = 0, err;

	bpfforge_clear_error();
	if (!h || !h->loaded)
		return bpfforge_fail(-EINVAL, "bpfforge_attach: load the object first");
	bpf_object__for_each_program(prog, h->obj) {
		if (!bpf_program__autoload(prog) || !bpf_program__autoattach(prog))
			continue;
		link = bpf_program__attach(prog);
		if (!link) {
			err = -errno;
			/* no attach point in SEC(): left to lbc_attach_*(), as libbpf's skeleton does */
			if (err == -EOPNOTSUPP)
				continue;
			return bpfforge_fail(err, "attaching program %s failed", bpf_program__name(prog));
		}
		err = bpfforge_add_link(h, link);
		if (err)
			return err;
		attached++;
	}
	return attached;
}

BPFFORGE_API struct bpfforge *bpfforge_open_load_attach(const char *btf_custom_path)
{
	struct bpfforge *h = bpfforge_open(btf_custom_path);
	char saved[1024];

	if (!h)
		return NULL;
	if (bpfforge_load(h) < 0 || bpfforge_attach(h) < 0) {
		/* close() must not wipe the reason */
		snprintf(saved, sizeof(saved), "%s", bpfforge_last_error());
		bpfforge_close(h);
		bpfforge_clear_error();
		bpfforge_fail(0, "%s", saved);
		return NULL;
	}
	return h;
}

struct bpf_map *bpfforge_find_map(struct bpfforge *h, const char *name)
{
	struct bpf_map *map;

	if (!h || !name) {
		bpfforge_fail(-EINVAL, "a handle and a map name are required");
		return NULL;
	}
	map = bpf_object__find_map_by_name(h->obj, name);
	if (!map)
		bpfforge_fail(-ENOENT, "%s has no map named %s", bpfforge_build_name, name);
	return map;
}

BPFFORGE_API int bpfforge_map_fd(struct bpfforge *h, const char *name)
{
	struct bpf_map *map;
	int fd;

	bpfforge_clear_error();
	map = bpfforge_find_map(h, name);
	if (!map)
		return -ENOENT;
	fd = bpf_map__fd(map);
	if (fd < 0)
		return bpfforge_fail(-EBADF, "map %s has no file descriptor: load the object first", name);
	return fd;
}

BPFFORGE_API int bpfforge_map_info(struct bpfforge *h, const char *name, unsigned int *type,
				   unsigned int *key_size, unsigned int *value_size)
{
	struct bpf_map *map;

	bpfforge_clear_error();
	map = bpfforge_find_map(h, name);
	if (!map)
		return -ENOENT;
	if (type)
		*type = bpf_map__type(map);
	if (key_size)
		*key_size = bpf_map__key_size(map);
	if (value_size)
		*value_size = bpf_map__value_size(map);
	return 0;
}

BPFFORGE_API void bpfforge_detach(struct bpfforge *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < h->link_count; i++)
		bpf_link__destroy(h->links[i]);
	h->link_count = 0;
}

BPFFORGE_API void bpfforge_close(struct bpfforge *h)
{
	if (!h)
		return;
	bpfforge_readers_free(h);
	bpfforge_detach(h);
	free(h->links);
	bpf_object__close(h->obj);
	free(h);
}
