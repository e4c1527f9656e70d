/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * lbc_get_map_types(): Coolbpf's description JSON of the .so, derived at run time from the
 * embedded object's own BTF (the object is opened, never loaded, so no privilege is needed):
 * map types as BPF_MAP_TYPE_*, key/value C types and sizes, and the C declarations ("ffi") a
 * cffi/ctypes user needs for those types, written by libbpf's btf_dump.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include "internal.h"

/* A growing text buffer; ok turns false on the first allocation failure. */
struct text {
	char *p;
	size_t len, cap;
	int ok;
};

static void text_vadd(struct text *t, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	if (!t->ok)
		return;
	va_copy(copy, ap);
	n = vsnprintf(t->p ? t->p + t->len : NULL, t->p ? t->cap - t->len : 0, fmt, copy);
	va_end(copy);
	if (n < 0) {
		t->ok = 0;
		return;
	}
	if (!t->p || t->len + n + 1 > t->cap) {
		size_t cap = (t->len + n + 1) * 2;
		char *p = realloc(t->p, cap);

		if (!p) {
			t->ok = 0;
			return;
		}
		t->p = p;
		t->cap = cap;
		vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
	}
	t->len += n;
}

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vadd(t, fmt, ap);
	va_end(ap);
}

static void btf_dump_to_text(void *ctx, const char *fmt, va_list args)
{
	text_vadd(ctx, fmt, args);
}

static void json_string(struct text *out, const char *s)
{
	text_add(out, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			text_add(out, "\\%c", c);
		else if (c == '\n')
			text_add(out, "\\n");
		else if (c == '\t')
			text_add(out, "\\t");
		else if (c < 0x20)
			text_add(out, "\\u%04x", c);
		else
			text_add(out, "%c", c);
	}
	text_add(out, "\"");
}

/* "struct event", "__u32", ...: the C spelling of a BTF type */
static char *type_name(struct btf *btf, __u32 id)
{
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts, .field_name = "");
	struct text name = { .ok = 1 };
	struct btf_dump *d = btf_dump__new(btf, btf_dump_to_text, &name, NULL);

	if (!d)
		return NULL;
	btf_dump__emit_type_decl(d, id, &opts);
	btf_dump__free(d);
	return name.ok ? name.p : NULL;
}

static void json_type(struct text *out, struct btf *btf, __u32 id, __u32 size, const char *field)
{
	char *name = id ? type_name(btf, id) : NULL;

	text_add(out, "\"f%s\": ", field);
	json_string(out, name ? name : "");
	text_add(out, ", \"%s\": ", field);
	if (name) {
		text_add(out, "{\"type\": ");
		json_string(out, name);
		text_add(out, ", \"size\": %u}", size);
	} else {
		text_add(out, "null");
	}
	free(name);
}

static void map_type_upper(char *dst, size_t n, enum bpf_map_type type)
{
	const char *s = libbpf_bpf_map_type_str(type);
	size_t i;

	if (!s) {
		snprintf(dst, n, "BPF_MAP_TYPE_%u", type);
		return;
	}
	i = (size_t)snprintf(dst, n, "BPF_MAP_TYPE_");
	for (; *s && i + 1 < n; s++)
		dst[i++] = (char)toupper((unsigned char)*s);
	dst[i] = '\0';
}

static char *describe(void)
{
	struct text out = { .ok = 1 }, ffi = { .ok = 1 };
	struct btf_dump *dump = NULL;
	struct bpf_object *obj;
	struct bpf_map *map;
	struct btf *btf;
	char type[64];
	int first = 1;

	obj = bpfforge_open_object(NULL);
	if (!obj)
		return NULL;
	btf = bpf_object__btf(obj);
	if (btf)
		dump = btf_dump__new(btf, btf_dump_to_text, &ffi, NULL);
	text_add(&out, "{\"hash\": \"%s\", \"kern_version\": \"%s\", \"arch\": \"%s\", \"maps\": {",
		 bpfforge_build_source_sha256, bpfforge_build_kernel, bpfforge_build_arch);
	bpf_object__for_each_map(map, obj) {
		__u32 kid = bpf_map__btf_key_type_id(map), vid = bpf_map__btf_value_type_id(map);

		/* .rodata/.bss/.data are globals, not maps a user reads (Coolbpf lists none) */
		if (bpf_map__is_internal(map))
			continue;
		map_type_upper(type, sizeof(type), bpf_map__type(map));
		text_add(&out, "%s", first ? "" : ", ");
		first = 0;
		json_string(&out, bpf_map__name(map));
		text_add(&out, ": {\"type\": \"%s\", ", type);
		json_type(&out, btf, btf ? kid : 0, bpf_map__key_size(map), "ktype");
		text_add(&out, ", ");
		json_type(&out, btf, btf ? vid : 0, bpf_map__value_size(map), "vtype");
		text_add(&out, ", \"key_size\": %u, \"value_size\": %u}", bpf_map__key_size(map),
			 bpf_map__value_size(map));
		if (dump && kid)
			btf_dump__dump_type(dump, kid);
		if (dump && vid)
			btf_dump__dump_type(dump, vid);
	}
	text_add(&out, "}, \"ffi\": ");
	json_string(&out, ffi.p ? ffi.p : "");
	text_add(&out, "}");
	btf_dump__free(dump);
	bpf_object__close(obj);
	free(ffi.p);
	if (!out.ok || !ffi.ok) {
		free(out.p);
		bpfforge_fail(-ENOMEM, "describing %s", bpfforge_build_name);
		return NULL;
	}
	return out.p;
}

BPFFORGE_API const char *lbc_get_map_types(void)
{
	/* built once and kept for the life of the process: callers hold the pointer */
	static char *json;

	if (!json)
		json = describe();
	return json ? json : "{}";
}
