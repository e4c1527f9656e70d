"""ctypes binding of a BPF Forge loader library (NAME.so): the C ABI of include/bpfforge.h.

Standard library only. A NAME.so embeds one BPF object and libbpf; this module opens, loads
and attaches it, reads its maps and polls its ring or perf buffers without any C of your own.

    with Loader("execsnoop.so") as prog:
        prog.open(); prog.load(); prog.attach()
        prog.poll("events", lambda cpu, data: print(len(data)), timeout_ms=100)
"""
import ctypes
import ctypes.util
import os
import urllib.request
import uuid

EVENT_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_uint)


class LoaderError(OSError):
    """A failed call into the .so; the message is bpfforge_last_error()."""


class Loader:
    """One NAME.so and, after open(), one instance of its BPF object."""

    def __init__(self, so_path):
        self._lib = ctypes.CDLL(os.path.abspath(so_path))
        self._declare()
        self._handle = None
        self._callbacks = {}  # keep ctypes callbacks alive while libbpf holds them

    def _declare(self):
        lib, c = self._lib, ctypes
        for name in ("bpfforge_object_name", "bpfforge_source_sha256", "bpfforge_kernel_release",
                     "bpfforge_arch", "bpfforge_last_error"):
            getattr(lib, name).restype = c.c_char_p
            getattr(lib, name).argtypes = []
        lib.bpfforge_set_log_level.argtypes = [c.c_int]
        lib.bpfforge_open.restype = c.c_void_p
        lib.bpfforge_open.argtypes = [c.c_char_p]
        lib.bpfforge_set_rodata.argtypes = [c.c_void_p, c.c_char_p, c.c_void_p, c.c_size_t]
        lib.bpfforge_load.argtypes = [c.c_void_p]
        lib.bpfforge_attach.argtypes = [c.c_void_p]
        lib.bpfforge_map_fd.argtypes = [c.c_void_p, c.c_char_p]
        lib.bpfforge_map_info.argtypes = [c.c_void_p, c.c_char_p, c.POINTER(c.c_uint),
                                          c.POINTER(c.c_uint), c.POINTER(c.c_uint)]
        lib.bpfforge_map_lookup.argtypes = [c.c_int, c.c_void_p, c.c_void_p]
        lib.bpfforge_map_update.argtypes = [c.c_int, c.c_void_p, c.c_void_p, c.c_ulonglong]
        lib.bpfforge_map_delete.argtypes = [c.c_int, c.c_void_p]
        lib.bpfforge_map_next_key.argtypes = [c.c_int, c.c_void_p, c.c_void_p]
        lib.bpfforge_poll.argtypes = [c.c_void_p, c.c_char_p, EVENT_FN, c.c_void_p, c.c_int]
        lib.bpfforge_detach.argtypes = [c.c_void_p]
        lib.bpfforge_close.argtypes = [c.c_void_p]

    def _check(self, result, what):
        if result is None or (isinstance(result, int) and result < 0):
            raise LoaderError(-(result or 0), "%s: %s" % (what, self._lib.bpfforge_last_error().decode()))
        return result

    @property
    def info(self):
        """The object's name, source digest, kernel release and arch, as built."""
        lib = self._lib
        return {"name": lib.bpfforge_object_name().decode(), "sha256": lib.bpfforge_source_sha256().decode(),
                "kernel": lib.bpfforge_kernel_release().decode(), "arch": lib.bpfforge_arch().decode()}

    def open(self, btf_path=None):
        """btf_path: a BTF file (NAME.min.btf) for kernels without /sys/kernel/btf/vmlinux."""
        self._handle = self._check(self._lib.bpfforge_open(btf_path.encode() if btf_path else None), "open")
        return self

    def set_rodata(self, name, value):
        """Sets a const volatile global before load; value is bytes of the variable's size."""
        buf = ctypes.create_string_buffer(value, len(value))
        self._check(self._lib.bpfforge_set_rodata(self._handle, name.encode(), buf, len(value)), "set " + name)

    def load(self):
        self._check(self._lib.bpfforge_load(self._handle), "load")

    def attach(self):
        return self._check(self._lib.bpfforge_attach(self._handle), "attach")

    def map_fd(self, name):
        return self._check(self._lib.bpfforge_map_fd(self._handle, name.encode()), "map " + name)

    def map_sizes(self, name):
        t, k, v = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
        self._check(self._lib.bpfforge_map_info(self._handle, name.encode(), t, k, v), "map " + name)
        return t.value, k.value, v.value

    def lookup(self, name, key):
        """The value bytes for key (bytes), or None when the key is absent."""
        _, _, vsize = self.map_sizes(name)
        value = ctypes.create_string_buffer(vsize)
        err = self._lib.bpfforge_map_lookup(self.map_fd(name), key, value)
        if err == -2:  # ENOENT
            return None
        self._check(err, "lookup in " + name)
        return value.raw

    def update(self, name, key, value, flags=0):
        self._check(self._lib.bpfforge_map_update(self.map_fd(name), key, value, flags), "update " + name)

    def delete(self, name, key):
        self._check(self._lib.bpfforge_map_delete(self.map_fd(name), key), "delete in " + name)

    def keys(self, name):
        """Every key of a map, iterated in the kernel's order."""
        _, ksize, _ = self.map_sizes(name)
        fd, key, out = self.map_fd(name), None, []
        while True:
            nxt = ctypes.create_string_buffer(ksize)
            if self._lib.bpfforge_map_next_key(fd, key, nxt) != 0:
                return out
            out.append(nxt.raw)
            key = nxt

    def poll(self, name, on_event, timeout_ms=100):
        """Calls on_event(cpu, data: bytes) for each event waiting in a ring/perf buffer map."""
        if name not in self._callbacks:
            self._callbacks[name] = EVENT_FN(lambda _ctx, cpu, data, size: on_event(cpu, ctypes.string_at(data, size)))
        return self._check(self._lib.bpfforge_poll(self._handle, name.encode(), self._callbacks[name], None,
                                                   timeout_ms), "poll " + name)

    def close(self):
        if self._handle:
            self._lib.bpfforge_close(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def download_so(url, kernel, source_dir, entry, token=None, dest=None):
    """Compiles source_dir with a BPF Forge service (POST /v1/compile, artifact=so) -> .so path."""
    boundary = uuid.uuid4().hex
    parts = []

    def field(name, value, filename=None, content=None):
        disposition = 'form-data; name="%s"' % name + ('; filename="%s"' % filename if filename else "")
        parts.append(("--%s\r\nContent-Disposition: %s\r\n\r\n" % (boundary, disposition)).encode())
        parts.append(content if content is not None else value.encode())
        parts.append(b"\r\n")

    for root, _, files in os.walk(source_dir):
        for f in sorted(files):
            path = os.path.join(root, f)
            with open(path, "rb") as fh:
                field("file", None, os.path.relpath(path, source_dir), fh.read())
    field("entry", entry)
    field("kernel", kernel)
    field("artifact", "so")
    parts.append(("--%s--\r\n" % boundary).encode())
    request = urllib.request.Request(url.rstrip("/") + "/v1/compile", data=b"".join(parts), method="POST")
    request.add_header("Content-Type", "multipart/form-data; boundary=" + boundary)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    dest = dest or os.path.join(os.getcwd(), entry.split(".")[0] + ".so")
    with urllib.request.urlopen(request, timeout=300) as response, open(dest, "wb") as out:
        out.write(response.read())
    return dest
