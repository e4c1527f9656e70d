package dev.bpfforge.service.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.service.executor.Sandbox;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader .so (worker-images/loader) built around examples/execsnoop for this kernel and run
 * for real: through its own ABI from the Python example, through Coolbpf's lbc_* names, with a
 * minimized BTF instead of the kernel's; what it links and exports; its Coolbpf description; and
 * the arm64 cross build.
 */
class LoaderSoIT {
  static final String KERNEL = System.getProperty("os.version");
  static final Path PYTHON_EXAMPLE = Fixtures.EXAMPLES.resolve("python/execsnoop.py");
  /** exec'd by the example after attaching: its event must come back through the ring buffer */
  static final String KNOWN_COMMAND = "/bin/true";
  static final Path TRACEFS_EVENTS = Path.of("/sys/kernel/tracing/events");

  @TempDir static Path tmp;
  static LoaderBuild.Built execsnoop;

  @BeforeAll
  static void buildExecsnoopForThisKernel() throws Exception {
    LoaderBuild.requireLinkTools("x86_64");
    Fixtures.require(Files.isReadable(Fixtures.HOST_BTF), Fixtures.HOST_BTF + " (kernel BTF)");
    Path vmlinux = LoaderBuild.vmlinuxHeader(Fixtures.HOST_BTF, tmp.resolve("host"));
    execsnoop = LoaderBuild.build("execsnoop", "x86_64", KERNEL, vmlinux.getParent(), tmp.resolve("out"));
  }

  @Test
  void pythonExampleReadsTheExecEventOfAKnownCommandFromTheRingBuffer() throws Exception {
    requireRootBpfAndTracefs();
    Tools.Run run = python(execsnoop.so().toString(), "--command", KNOWN_COMMAND);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("loaded execsnoop (kernel " + KERNEL + ", x86_64, source " + execsnoop.sourceSha256())
        .containsPattern("exec pid=\\d+ ppid=\\d+ uid=0 comm=true filename=" + Pattern.quote(KNOWN_COMMAND));
  }

  @Test
  void coolbpfNamesLoadAttachLookUpAMapAndDeliverTheEvent() throws Exception {
    requireRootBpfAndTracefs();
    Tools.Run run = python(execsnoop.so().toString(), "--lbc", "--command", KNOWN_COMMAND);

    assertThat(run.exitCode()).as(run.output()).isZero();
    // lbc_map_lookup_elem on .rodata reads back targ_uid's default, (__u32)-1
    assertThat(run.output()).contains("lbc_map_lookup_elem(.rodata, 0) = 0, targ_uid=0xffffffff")
        .containsPattern("exec pid=\\d+ ppid=\\d+ uid=0 comm=true filename=" + Pattern.quote(KNOWN_COMMAND));
  }

  @Test
  void loadsWithAMinimizedBtfInPlaceOfTheKernelsOwn() throws Exception {
    requireRootBpfAndTracefs();
    Path minBtf = tmp.resolve("execsnoop.min.btf");
    LoaderBuild.check(List.of("bpftool", "gen", "min_core_btf", Fixtures.HOST_BTF.toString(), minBtf.toString(),
        execsnoop.object().toString()));
    System.out.printf("minimized BTF %d bytes, kernel BTF %d bytes%n", Files.size(minBtf), Files.size(Fixtures.HOST_BTF));

    Tools.Run run = python(execsnoop.so().toString(), "--btf", minBtf.toString(), "--command", KNOWN_COMMAND);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("filename=" + KNOWN_COMMAND);

    // the path is really used: libbpf reads it at load, and a BTF file that is not there fails it
    Tools.Run missing = python(execsnoop.so().toString(), "--btf", tmp.resolve("absent.btf").toString());
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.output()).contains("loading execsnoop into the kernel failed: No such file or directory");
  }

  @Test
  void soNeedsOnlyLibcAndExportsExactlyTheDocumentedAbi() throws Exception {
    assertNeedsOnlyLibc(execsnoop.so());
    assertThat(exportedSymbols(execsnoop.so())).isEqualTo(documentedAbi());
  }

  @Test
  void coolbpfDescriptionNamesEveryMapWithItsTypeAndCTypesFromBtf() throws Exception {
    JsonNode ring = describe(execsnoop.so());
    assertThat(ring.path("hash").asText()).isEqualTo(execsnoop.sourceSha256());
    assertThat(ring.path("kern_version").asText()).isEqualTo(KERNEL);
    assertThat(ring.path("arch").asText()).isEqualTo("x86_64");
    assertThat(ring.path("maps").path("events").path("type").asText()).isEqualTo("BPF_MAP_TYPE_RINGBUF");

    // unlinksnoop has a hash map of struct event by __u32, a perf buffer and a per-CPU array
    Path vmlinux = tmp.resolve("host/vmlinux.h");
    LoaderBuild.Built unlink = LoaderBuild.build("unlinksnoop", "x86_64", KERNEL, vmlinux.getParent(), tmp.resolve("unlink"));
    JsonNode maps = describe(unlink.so()).path("maps");
    Set<String> types = new TreeSet<>();
    maps.forEach(m -> types.add(m.path("type").asText()));
    assertThat(types).contains("BPF_MAP_TYPE_HASH", "BPF_MAP_TYPE_PERF_EVENT_ARRAY", "BPF_MAP_TYPE_PERCPU_ARRAY");
    JsonNode hash = null;
    for (JsonNode map : maps) {
      if (map.path("type").asText().equals("BPF_MAP_TYPE_HASH")) {
        hash = map;
      }
    }
    assertThat(hash).isNotNull();
    assertThat(hash.path("fktype").asText()).isEqualTo("__u32");
    assertThat(hash.path("ktype").path("size").asInt()).isEqualTo(4);
    assertThat(hash.path("fvtype").asText()).isEqualTo("struct event");
    assertThat(hash.path("vtype").path("size").asInt()).isEqualTo(hash.path("value_size").asInt()).isPositive();
    assertThat(describe(unlink.so()).path("ffi").asText()).contains("struct event {", "typedef unsigned int __u32;");
  }

  @Test
  void arm64TargetGetsAnAarch64SoThatNeedsOnlyLibc() throws Exception {
    LoaderBuild.requireLinkTools("arm64");
    Fixtures.requireSharedBtf();
    Fixtures.SharedKernel arm = Fixtures.SHARED_KERNELS.stream().filter(k -> k.arch().equals("arm64")).findFirst().orElseThrow();
    Path btf = tmp.resolve("arm64.btf");
    LoaderBuild.check(List.of("sh", "-c", "xz -dc '" + arm.file() + "' > '" + btf + "'"));
    Path vmlinux = LoaderBuild.vmlinuxHeader(btf, tmp.resolve("arm64"));
    LoaderBuild.Built built = LoaderBuild.build("execsnoop", "arm64", arm.release(), vmlinux.getParent(), tmp.resolve("arm64-out"));

    assertThat(Tools.run(List.of("readelf", "-h", built.so().toString())).output()).containsPattern("Machine:\\s+AArch64");
    assertNeedsOnlyLibc(built.so());
    assertThat(exportedSymbols(built.so())).isEqualTo(documentedAbi());
  }

  @Test
  void linkRejectsAHeaderThatIsNotASkeletonAndLeavesNoSo() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(dir.resolve("bad.skel.h"), "int x;\n");
    Sandbox.Result run = LoaderBuild.linkSo(dir, "x86_64", "bad", "0".repeat(64), KERNEL);

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("/job/out/bad.skel.h is not a libbpf skeleton");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bad.skel.h");
    }
  }

  /** Loading needs root and BPF; attaching a tracepoint needs its id from tracefs. */
  static void requireRootBpfAndTracefs() {
    Fixtures.requireVerifier();
    Fixtures.require(Files.isDirectory(TRACEFS_EVENTS), "tracefs at /sys/kernel/tracing (scripts/install-prereqs.sh mounts it)");
  }

  static Tools.Run python(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3", PYTHON_EXAMPLE.toString()));
    command.addAll(List.of(args));
    return Tools.run(command);
  }

  static JsonNode describe(Path so) throws Exception {
    Tools.Run run = Tools.run(List.of("python3", "-c",
        "import ctypes, sys; lib = ctypes.CDLL(sys.argv[1]); lib.lbc_get_map_types.restype = ctypes.c_char_p;"
            + " print(lib.lbc_get_map_types().decode())", so.toString()));
    assertThat(run.exitCode()).as(run.output()).isZero();
    return new ObjectMapper().readTree(run.output());
  }

  static void assertNeedsOnlyLibc(Path so) throws Exception {
    Tools.Run dynamic = Tools.run(List.of("readelf", "-d", so.toString()));
    List<String> needed = new ArrayList<>();
    Matcher m = Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[([^]]+)]").matcher(dynamic.output());
    while (m.find()) {
      needed.add(m.group(1));
    }
    // libc, and the dynamic loader itself for thread-local storage (__tls_get_addr)
    assertThat(needed).as(dynamic.output()).contains("libc.so.6")
        .allSatisfy(lib -> assertThat(lib).matches("libc\\.so\\.6|ld-linux-[a-z0-9_-]+\\.so\\.[12]"));
  }

  /** Defined global symbols of the .so's dynamic symbol table. */
  static Set<String> exportedSymbols(Path so) throws Exception {
    Tools.Run syms = Tools.run(List.of("readelf", "--dyn-syms", "-W", so.toString()));
    Set<String> names = new TreeSet<>();
    for (String line : syms.output().split("\n")) {
      String[] f = line.trim().split("\\s+");
      // Num: Value Size Type Bind Vis Ndx Name
      if (f.length >= 8 && f[0].endsWith(":") && !f[6].equals("UND") && (f[4].equals("GLOBAL") || f[4].equals("WEAK"))) {
        names.add(f[7].replaceAll("@.*", ""));
      }
    }
    return names;
  }

  /** Every function include/bpfforge.h declares with BPFFORGE_API. */
  static Set<String> documentedAbi() throws Exception {
    String header = Files.readString(LoaderBuild.LOADER.resolve("include/bpfforge.h"));
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("^BPFFORGE_API[^;(]*?\\b(\\w+)\\s*\\(", Pattern.MULTILINE).matcher(header);
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).contains("bpfforge_open", "lbc_bpf_init", "lbc_get_map_types", "lbc_attach_xdp");
    return names;
  }
}
