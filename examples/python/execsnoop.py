#!/usr/bin/env python3
"""Loads examples/execsnoop as a BPF Forge loader .so, runs a known command and prints its exec event.

    sudo python3 execsnoop.py execsnoop.so                      # a .so you already have
    sudo python3 execsnoop.py --url http://localhost:8080 [--kernel $(uname -r)]   # compiled by the service
Options: --btf FILE (a minimized BTF, for kernels without /sys/kernel/btf/vmlinux), --command CMD
(default /bin/true), --lbc (drive the .so through Coolbpf's lbc_* names instead), --timeout S.
Exit status 0 when the command's exec event was read from the ring buffer, 1 otherwise.
"""
import argparse
import ctypes
import json
import os
import platform
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpfforge  # noqa: E402

# struct event of examples/execsnoop/execsnoop.h: pid, ppid, uid, pad (u32), ts_ns (u64), comm[16], filename[256]
EVENT = struct.Struct("=IIIIQ16s256s")


def decode(data):
    pid, ppid, uid, _, ts_ns, comm, filename = EVENT.unpack_from(data)
    return {"pid": pid, "ppid": ppid, "uid": uid, "ts_ns": ts_ns,
            "comm": comm.split(b"\0", 1)[0].decode(errors="replace"),
            "filename": filename.split(b"\0", 1)[0].decode(errors="replace")}


def show(event):
    print("exec pid=%(pid)d ppid=%(ppid)d uid=%(uid)d comm=%(comm)s filename=%(filename)s" % event, flush=True)


def run_with_loader(so, args):
    with bpfforge.Loader(so) as prog:
        print("loaded %(name)s (kernel %(kernel)s, %(arch)s, source %(sha256)s)" % prog.info, flush=True)
        prog.open(args.btf)
        prog.set_rodata("targ_uid", struct.pack("=I", 0xFFFFFFFF))  # all users
        prog.load()
        print("attached %d program(s)" % prog.attach(), flush=True)
        child = subprocess.Popen([args.command])
        found = []

        def on_event(_cpu, data):
            event = decode(data)
            if event["pid"] == child.pid and event["filename"] == args.command:
                found.append(event)

        deadline = time.monotonic() + args.timeout
        while not found and time.monotonic() < deadline:
            prog.poll("events", on_event, timeout_ms=100)
        child.wait()
        if found:
            show(found[0])
            return 0
    print("no exec event for %s (pid %d) within %ss" % (args.command, child.pid, args.timeout), file=sys.stderr)
    return 1


def run_with_lbc(so, args):
    """The same program through Coolbpf's names, as pylcc drives a Coolbpf bpf.so."""
    lib = ctypes.CDLL(os.path.abspath(so))
    lib.lbc_get_map_types.restype = ctypes.c_char_p
    desc = json.loads(lib.lbc_get_map_types())
    print("lbc_get_map_types: maps %s" % {k: v["type"] for k, v in desc["maps"].items()}, flush=True)
    lib.lbc_bpf_init.argtypes = [ctypes.c_int, ctypes.c_int]
    if lib.lbc_bpf_init(-1, 1) != 0:
        print("lbc_bpf_init failed", file=sys.stderr)
        return 1
    lib.lbc_bpf_get_maps_id.argtypes = [ctypes.c_char_p]
    # .rodata is a one-element array map (libbpf names it "<first 8 chars of the object>.rodata"):
    # looking up key 0 reads targ_uid back, the "all users" default.
    rodata_id = lib.lbc_bpf_get_maps_id((desc_name(lib)[:8] + ".rodata").encode())
    lib.lbc_map_lookup_elem.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p]
    key, value = ctypes.c_uint32(0), ctypes.create_string_buffer(4096)
    rc = lib.lbc_map_lookup_elem(rodata_id, ctypes.byref(key), value)
    print("lbc_map_lookup_elem(.rodata, 0) = %d, targ_uid=0x%x" % (rc, struct.unpack_from("=I", value.raw)[0]),
          flush=True)
    events_id = lib.lbc_bpf_get_maps_id(b"events")
    child = subprocess.Popen([args.command])

    def on_event(_ctx, _cpu, data, size):
        event = decode(ctypes.string_at(data, size))
        if event["pid"] == child.pid and event["filename"] == args.command:
            show(event)
            child.wait()
            os._exit(0)  # lbc_event_loop polls forever, as Coolbpf's does

    def on_lost(_ctx, cpu, count):
        print("cpu %d lost %d events" % (cpu, count), file=sys.stderr)

    event_cb = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_uint)(on_event)
    lost_cb = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int, ctypes.c_ulonglong)(on_lost)
    lib.lbc_set_event_cb.argtypes = [ctypes.c_int, type(event_cb), type(lost_cb)]
    if lib.lbc_set_event_cb(events_id, event_cb, lost_cb) != 0:
        print("lbc_set_event_cb failed", file=sys.stderr)
        return 1

    def give_up():
        print("no exec event for %s within %ss" % (args.command, args.timeout), file=sys.stderr)
        os._exit(1)

    threading.Timer(args.timeout, give_up).start()
    lib.lbc_event_loop.argtypes = [ctypes.c_int, ctypes.c_int]
    rc = lib.lbc_event_loop(events_id, 100)
    print("lbc_event_loop returned %d" % rc, file=sys.stderr)
    os._exit(1)


def desc_name(lib):
    lib.bpfforge_object_name.restype = ctypes.c_char_p
    return lib.bpfforge_object_name().decode()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("so", nargs="?", help="path of execsnoop.so")
    parser.add_argument("--url", help="BPF Forge service to compile examples/execsnoop with")
    parser.add_argument("--kernel", default=platform.release(), help="kernel release (default: this one)")
    parser.add_argument("--btf", help="BTF file for CO-RE instead of /sys/kernel/btf/vmlinux")
    parser.add_argument("--command", default="/bin/true", help="the command to exec (absolute path)")
    parser.add_argument("--lbc", action="store_true", help="use Coolbpf's lbc_* names")
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()
    so = args.so
    if not so:
        if not args.url:
            parser.error("give the .so's path or --url of a BPF Forge service")
        source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "execsnoop")
        so = bpfforge.download_so(args.url, args.kernel, source, "execsnoop.bpf.c",
                                  token=os.environ.get("BPFFORGE_TOKEN"))
        print("downloaded %s" % so, flush=True)
    return run_with_lbc(so, args) if args.lbc else run_with_loader(so, args)


if __name__ == "__main__":
    sys.exit(main())
