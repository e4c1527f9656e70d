package dev.bpfforge.service.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real tools the tests check artifacts with: the kernel verifier (bpftool) and llvm's ELF tools. */
public final class Tools {
  private Tools() {}

  public record Run(int exitCode, String output) {}

  public static Run run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command + " timed out");
    }
    return new Run(process.exitValue(), out);
  }

  /**
   * Loads every program of the object into the running kernel ({@code bpftool prog loadall}),
   * which runs the real verifier, then unpins them. Returns bpftool's output on failure.
   */
  public static Run verifierLoad(Path object) throws IOException, InterruptedException {
    Path pin = Fixtures.BPFFS.resolve("bpfforge-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    try {
      return run(List.of("bpftool", "prog", "loadall", object.toString(), pin.toString()));
    } finally {
      run(List.of("rm", "-rf", pin.toString()));
    }
  }

  /**
   * Loads the object through libbpf with {@code btf} as the kernel's BTF ({@code btf_custom_path}),
   * so CO-RE relocations resolve against it instead of /sys/kernel/btf/vmlinux; the kernel's
   * verifier still checks every program. The harness is built from test resources with the host's
   * cc and libbpf (libbpf-dev).
   */
  public static Run loadWithCustomBtf(Path object, Path btf) throws IOException, InterruptedException {
    Path harness = harness();
    return run(List.of(harness.toString(), object.toString(), btf.toString()));
  }

  private static synchronized Path harness() throws IOException, InterruptedException {
    Path dir = Path.of("target", "harness").toAbsolutePath();
    Path binary = dir.resolve("load_with_btf");
    if (!Files.isExecutable(binary)) {
      Files.createDirectories(dir);
      Path source = dir.resolve("load_with_btf.c");
      try (var in = Tools.class.getResourceAsStream("/harness/load_with_btf.c")) {
        Files.write(source, in.readAllBytes());
      }
      Run cc = run(List.of("cc", "-O2", "-Wall", "-o", binary.toString(), source.toString(), "-lbpf"));
      if (cc.exitCode() != 0) {
        throw new IOException("cannot build the libbpf harness (libbpf-dev installed?): " + cc.output());
      }
    }
    return binary;
  }

  /** The section names of an ELF object, from llvm-readelf. */
  public static String sections(Path object) throws IOException, InterruptedException {
    return run(List.of("llvm-readelf", "-S", "-W", object.toString())).output();
  }

  /** ELF header machine field: 247 is EM_BPF. */
  public static int elfMachine(byte[] object) {
    return ByteBuffer.wrap(object).order(ByteOrder.LITTLE_ENDIAN).getShort(18) & 0xffff;
  }

  /** ELF header type field: 1 is a relocatable object, 3 a shared object. */
  public static int elfType(byte[] elf) {
    return ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).getShort(16) & 0xffff;
  }

  /**
   * The number of CO-RE relocation bytes in the object's {@code .BTF.ext} (its header's
   * core_relo_len): non-zero when clang recorded field accesses for libbpf to relocate.
   */
  public static long coreRelocationBytes(Path object) throws IOException, InterruptedException {
    Path ext = Files.createTempFile("btf-ext", ".bin");
    Path copy = Files.createTempFile("objcopy", ".o");
    try {
      Run dump = run(List.of("llvm-objcopy", "--dump-section", ".BTF.ext=" + ext, object.toString(), copy.toString()));
      if (dump.exitCode() != 0) {
        return -1;
      }
      ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(ext)).order(ByteOrder.LITTLE_ENDIAN);
      int hdrLen = header.getInt(4);
      // struct btf_ext_header: magic, version, flags, hdr_len, func_info off/len, line_info off/len, core_relo off/len
      return hdrLen >= 32 ? Integer.toUnsignedLong(header.getInt(28)) : 0;
    } finally {
      Files.deleteIfExists(ext);
      Files.deleteIfExists(copy);
    }
  }
}
