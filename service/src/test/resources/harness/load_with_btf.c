/*
 * Test harness: loads every program of a BPF object through libbpf with a custom kernel BTF
 * (bpf_object_open_opts.btf_custom_path), as a target without /sys/kernel/btf/vmlinux would.
 * CO-RE relocations are then resolved against that BTF, not the running kernel's; libbpf's
 * debug output (stderr) shows which types matched.
 */
#include <bpf/libbpf.h>
#include <stdarg.h>
#include <stdio.h>

static int print(enum libbpf_print_level level, const char *fmt, va_list args) {
  (void)level;
  return vfprintf(stderr, fmt, args);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s OBJECT BTF\n", argv[0]);
    return 2;
  }
  libbpf_set_print(print);
  LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = argv[2]);
  struct bpf_object *obj = bpf_object__open_file(argv[1], &opts);
  if (!obj) {
    fprintf(stderr, "harness: cannot open %s\n", argv[1]);
    return 1;
  }
  int err = bpf_object__load(obj);
  bpf_object__close(obj);
  if (err) {
    fprintf(stderr, "harness: load failed: %d\n", err);
    return 1;
  }
  printf("harness: loaded with kernel BTF %s\n", argv[2]);
  return 0;
}
