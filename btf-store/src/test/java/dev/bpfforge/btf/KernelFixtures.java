package dev.bpfforge.btf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Kernels in every form they ship in, built in the test from scratch (nothing binary is
 * committed): a gcc-built object standing in for vmlinux, with a banner and a .BTF section added
 * by objcopy, wrapped as the kernel's build wraps vmlinux, with the same tools and options
 * (arch/x86/boot/compressed/Makefile, scripts/Makefile.lib), and packaged by dpkg-deb and
 * rpmbuild.
 */
final class KernelFixtures {

  static final String RELEASE = "6.1.0-99-cloud-amd64";

  /** The compressor command lines of the kernel's build, by the name the extractor reports. */
  static final Map<String, String[]> COMPRESSORS = Map.of(
      "gzip", new String[] {"gzip", "-n", "-9", "-c"},
      "xz", new String[] {"xz", "--check=crc32", "--x86", "--lzma2=,dict=32MiB", "-c"},
      "zstd", new String[] {"zstd", "-22", "--ultra", "-q", "-c"},
      "lz4", new String[] {"lz4", "-l", "-9", "-c"},
      "bzip2", new String[] {"bzip2", "-9", "-c"},
      "lzma", new String[] {"lzma", "-9", "-c"});

  private final Path dir;

  KernelFixtures(Path dir) {
    this.dir = dir;
  }

  /** The BTF put into fixture kernels: every kind, plus a task_struct and a bpf_map_type. */
  static byte[] btf() {
    BtfBuilder b = BtfBuilder.sample();
    int i = b.intType("pid_t", 4, 32);
    b.struct("task_struct", 8, new BtfBuilder.Member("pid", i, 0));
    b.enumType("bpf_map_type", "BPF_MAP_TYPE_UNSPEC", "BPF_MAP_TYPE_HASH", "BPF_MAP_TYPE_RINGBUF");
    return b.build();
  }

  /**
   * An ELF object with a {@code Linux version <release> (...)} banner in .rodata, compiled with
   * {@code gcc -g -c}; with {@code btf} added as a .BTF section, as the kernel's link step does,
   * and its DWARF stripped unless {@code keepDwarf}.
   */
  Path vmlinux(String release, byte[] btf, boolean keepDwarf) throws IOException {
    Path work = Files.createTempDirectory(dir, "vmlinux-");
    Files.writeString(work.resolve("k.c"), String.join("\n",
        "const char linux_banner[] = \"Linux version " + release + " (builder@example.org) (gcc 12) #1 SMP\\n\";",
        "struct task_struct { int pid; struct task_struct *parent; };",
        "enum bpf_map_type { BPF_MAP_TYPE_UNSPEC, BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_RINGBUF };",
        "struct task_struct init_task;",
        "enum bpf_map_type last_map;",
        "int task_pid(struct task_struct *t) { return t->pid; }",
        ""));
    Tools.run(work, "gcc", "-g", "-O1", "-c", "-o", "k.o", "k.c");
    Path out = work.resolve("k.o");
    if (btf != null) {
      Files.write(work.resolve("btf.raw"), btf);
      Tools.run(work, "objcopy", "--add-section", ".BTF=btf.raw", "--set-section-flags", ".BTF=alloc,readonly",
          "k.o", "kb.o");
      out = work.resolve("kb.o");
    }
    if (!keepDwarf) {
      Tools.run(work, "objcopy", "--strip-debug", out.getFileName().toString(), "vmlinux");
      out = work.resolve("vmlinux");
    }
    return out;
  }

  /** {@code data} compressed by the kernel build's command line for {@code compressor}. */
  byte[] compress(byte[] data, String compressor) throws IOException {
    Path in = Files.createTempFile(dir, "plain-", ".bin");
    Path out = Files.createTempFile(dir, "packed-", ".bin");
    Files.write(in, data);
    Tools.run(dir, in, out, COMPRESSORS.get(compressor));
    return Files.readAllBytes(out);
  }

  /**
   * An x86 bzImage around {@code vmlinux}: boot sector, setup header (protocol 2.15) and the
   * payload after 3 setup sectors plus {@code payload_offset}; every compressor but gzip gets the
   * uncompressed size appended, as the kernel's build does.
   */
  byte[] bzImage(byte[] vmlinux, String compressor) throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.write(compress(vmlinux, compressor));
    if (!compressor.equals("gzip")) {
      payload.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(vmlinux.length).array());
    }
    return bzImage(payload.toByteArray());
  }

  /** A bzImage whose payload is {@code payload}, as given. */
  static byte[] bzImage(byte[] payload) {
    int setupSects = 3;
    int payloadOffset = 0x1c0;
    int start = (setupSects + 1) * 512 + payloadOffset;
    ByteBuffer image = ByteBuffer.allocate(start + payload.length + 512).order(ByteOrder.LITTLE_ENDIAN);
    image.put(0, (byte) 'M').put(1, (byte) 'Z');
    image.put(0x1f1, (byte) setupSects);
    image.putShort(0x1fe, (short) 0xaa55);
    image.put(0x202, "HdrS".getBytes(StandardCharsets.US_ASCII));
    image.putShort(0x206, (short) 0x020f);
    image.putInt(0x248, payloadOffset);
    image.putInt(0x24c, payload.length);
    image.put(start, payload);
    return image.array();
  }

  /** An arm64 Image: the 64-byte header, some code, the banner, the BTF, more code. */
  static byte[] arm64Image(String release, byte[] btf) {
    byte[] banner = ("Linux version " + release + " (builder@example.org) (gcc 12) #1 SMP PREEMPT\n\0")
        .getBytes(StandardCharsets.US_ASCII);
    ByteBuffer image = ByteBuffer.allocate(0x3000 + btf.length + 0x1000).order(ByteOrder.LITTLE_ENDIAN);
    image.putInt(0, 0x91005a4d); // "MZ" + add x13, x18, #0x16, as EFI-stub kernels start
    image.putLong(8, 0); // text_offset
    image.putLong(16, image.capacity()); // image_size
    image.putLong(24, 0x0a); // flags: little-endian, 4K pages
    image.put(0x38, new byte[] {'A', 'R', 'M', 0x64});
    image.put(0x1000, banner);
    image.put(0x2000, btf);
    return image.array();
  }

  Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  Path dir() {
    return dir;
  }
}
