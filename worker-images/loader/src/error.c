/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* bpfforge_last_error() and libbpf's messages. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

static __thread char last_error[1024];
/* libbpf explains most failures only through its print callback: the last warning is kept so
 * the error text can say "why", not just "-22". */
static __thread char last_libbpf_warning[512];
static int log_level = -1;

BPFFORGE_API const char *bpfforge_last_error(void)
{
	return last_error;
}

BPFFORGE_API void bpfforge_set_log_level(int level)
{
	log_level = level;
	bpfforge_install_libbpf_print();
}

void bpfforge_clear_error(void)
{
	last_error[0] = '\0';
	last_libbpf_warning[0] = '\0';
}

int bpfforge_fail(int err, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (err > 0)
		err = -err;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	n = strlen(last_error);
	if (err && n < sizeof(last_error))
		n += snprintf(last_error + n, sizeof(last_error) - n, ": %s", strerror(-err));
	if (last_libbpf_warning[0] && n < sizeof(last_error))
		snprintf(last_error + n, sizeof(last_error) - n, " (libbpf: %s)", last_libbpf_warning);
	return err ? err : -EINVAL;
}

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_WARN) {
		va_list copy;
		size_t n;

		va_copy(copy, args);
		vsnprintf(last_libbpf_warning, sizeof(last_libbpf_warning), fmt, copy);
		va_end(copy);
		/* libbpf prefixes its messages with "libbpf: "; the error text adds its own */
		if (strncmp(last_libbpf_warning, "libbpf: ", 8) == 0)
			memmove(last_libbpf_warning, last_libbpf_warning + 8, strlen(last_libbpf_warning + 8) + 1);
		n = strlen(last_libbpf_warning);
		while (n && (last_libbpf_warning[n - 1] == '\n' || last_libbpf_warning[n - 1] == ' '))
			last_libbpf_warning[--n] = '\0';
	}
	if (log_level >= 0 && (int)level <= log_level)
		return vfprintf(stderr, fmt, args);
	return 0;
}

void bpfforge_install_libbpf_print(void)
{
	libbpf_set_print(print_fn);
}
