/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Map element operations on a map fd, with the failure explained. */
#include <errno.h>
#include <bpf/bpf.h>
#include "internal.h"

static int map_result(int err, const char *op, int fd)
{
	if (err == 0)
		return 0;
	/* "no such key" and "end of iteration" are answers, not failures worth a message */
	if (err == -ENOENT) {
		bpfforge_clear_error();
		return err;
	}
	return bpfforge_fail(err, "%s on map fd %d failed", op, fd);
}

BPFFORGE_API int bpfforge_map_lookup(int fd, const void *key, void *value)
{
	return map_result(bpf_map_lookup_elem(fd, key, value), "lookup", fd);
}

BPFFORGE_API int bpfforge_map_update(int fd, const void *key, const void *value, unsigned long long flags)
{
	return map_result(bpf_map_update_elem(fd, key, value, flags), "update", fd);
}

BPFFORGE_API int bpfforge_map_delete(int fd, const void *key)
{
	return map_result(bpf_map_delete_elem(fd, key), "delete", fd);
}

BPFFORGE_API int bpfforge_map_next_key(int fd, const void *key, void *next_key)
{
	return map_result(bpf_map_get_next_key(fd, key, next_key), "next key", fd);
}
