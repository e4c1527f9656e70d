#!/usr/bin/env python3
"""Where the CPU went during one load phase (bench/load/run.sh; standard library only).

  cpu_split.py snapshot FILE NAME=CONTAINER_ID ...   record CPU time used so far
  cpu_split.py report LABEL BEFORE AFTER             print the split between two snapshots

Per container from its cgroup (v1 cpuacct, or v2 cpu.stat under the cgroupfs or systemd
driver's path); "job containers" is all of Docker's cgroups minus the named containers (the
per-job compile containers come and go, but their time stays charged to Docker's parent
cgroup); dockerd and containerd from /proc (starting and removing a container per job);
"rest of the machine" is the remaining busy time (the load client, anything else on the host). The figures say what limits throughput: the compile
containers can only use what the others leave of the machine's cores.
"""
import json
import os
import sys


def read_usage_ns(paths):
    for path in paths:
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            continue
        if path.endswith("cpuacct.usage"):
            return int(text.strip())
        for line in text.splitlines():
            key, _, value = line.partition(" ")
            if key == "usage_usec":
                return int(value) * 1000
    return None


def container_usage(container_id):
    return read_usage_ns([
        f"/sys/fs/cgroup/cpuacct/docker/{container_id}/cpuacct.usage",
        f"/sys/fs/cgroup/docker/{container_id}/cpu.stat",
        f"/sys/fs/cgroup/system.slice/docker-{container_id}.scope/cpu.stat",
    ])


def docker_usage():
    total = read_usage_ns(["/sys/fs/cgroup/cpuacct/docker/cpuacct.usage", "/sys/fs/cgroup/docker/cpu.stat"])
    if total is not None:
        return total
    # systemd driver on cgroup v2: one scope per container and no common parent but system.slice.
    scopes = [e for e in os.listdir("/sys/fs/cgroup/system.slice") if e.startswith("docker-")] \
        if os.path.isdir("/sys/fs/cgroup/system.slice") else []
    return sum(read_usage_ns([f"/sys/fs/cgroup/system.slice/{s}/cpu.stat"]) or 0 for s in scopes) or None


def host_busy_ns():
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    tick_ns = 1_000_000_000 // os.sysconf("SC_CLK_TCK")
    return (sum(fields[:8]) - idle) * tick_ns, sum(fields[:8]) * tick_ns


def docker_daemons_ns():
    """dockerd and containerd (with the children they reaped): the per-job container lifecycle."""
    tick_ns = 1_000_000_000 // os.sysconf("SC_CLK_TCK")
    used = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        if comm in ("dockerd", "containerd") or comm.startswith("containerd-shim"):
            fields = stat[stat.rindex(")") + 2:].split()
            used += sum(int(v) for v in fields[11:15]) * tick_ns  # utime stime cutime cstime
    return used


def snapshot(out, named):
    busy, total = host_busy_ns()
    containers = {}
    for pair in named:
        name, _, container_id = pair.partition("=")
        containers[name] = container_usage(container_id)
    with open(out, "w") as f:
        json.dump({"busy": busy, "total": total, "docker": docker_usage(), "daemons": docker_daemons_ns(),
                   "containers": containers}, f)


def report(label, before_file, after_file):
    with open(before_file) as f:
        before = json.load(f)
    with open(after_file) as f:
        after = json.load(f)
    wall_cpu = (after["total"] - before["total"]) / 1e9  # CPU-seconds the machine had (cores x seconds)
    busy = (after["busy"] - before["busy"]) / 1e9
    parts = []
    named_total = 0.0
    for name, used in after["containers"].items():
        start = before["containers"].get(name) or 0  # a container started mid-run began at 0
        if used is None:
            parts.append((name, None))
            continue
        parts.append((name, (used - start) / 1e9))
        named_total += (used - start) / 1e9
    if after["docker"] is not None and before["docker"] is not None:
        docker = (after["docker"] - before["docker"]) / 1e9
        parts.append(("job containers", docker - named_total))
        daemons = (after["daemons"] - before["daemons"]) / 1e9 if "daemons" in before else 0.0
        parts.append(("dockerd + containerd", daemons))
        parts.append(("rest of the machine", busy - docker - daemons))
    print(f"CPU {label}: machine {wall_cpu:.0f} CPU-s, busy {busy:.0f} ({100 * busy / wall_cpu:.0f}%)")
    for name, seconds in parts:
        shown = "n/a" if seconds is None else f"{seconds:7.1f} CPU-s {100 * seconds / wall_cpu:5.1f}%"
        print(f"  {name:<28} {shown}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "snapshot":
        snapshot(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 5 and sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
