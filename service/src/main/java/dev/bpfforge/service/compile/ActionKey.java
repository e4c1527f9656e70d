package dev.bpfforge.service.compile;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.toolchain.Toolchain;
import java.nio.charset.StandardCharsets;

/**
 * The action cache key: SHA-256 over every input that can change the artifact bytes: the source
 * tree, the entry, include dirs and defines in order, the target's BTF digest and arch, the
 * toolchain and the versions of its tools, the ISA level, strip and the allow-listed cflags in
 * order; and, since the other artifacts carry them, the kernel release (the {@code .so} and the
 * manifest name it), the artifact name and the kinds produced. A cached job therefore always holds
 * exactly the kinds asked for. Bump {@link #VERSION} when the compile recipe changes, so old
 * entries are not served for a new recipe.
 */
public final class ActionKey {
  static final String VERSION = "bpfforge-action-v2";

  private ActionKey() {}

  public static Sha256 of(Sha256 sources, CompileOptions options, Sha256 btf, Arch arch, Toolchain toolchain, Mcpu mcpu,
      KernelRelease release, String artifactName, ArtifactSelection artifacts) {
    StringBuilder key = new StringBuilder(VERSION).append('\n');
    line(key, "sources", sources.hex());
    line(key, "entry", options.entry().value());
    options.includeDirs().forEach(dir -> line(key, "include", dir));
    options.defines().forEach(define -> line(key, "define", define.toFlag()));
    line(key, "btf", btf.hex());
    line(key, "arch", arch.id());
    line(key, "toolchain", toolchain.id());
    line(key, "image", String.valueOf(toolchain.image()));
    line(key, "clang", toolchain.clangVersion());
    line(key, "libbpf", toolchain.libbpfVersion());
    line(key, "bpftool", toolchain.bpftoolVersion());
    line(key, "mcpu", mcpu.id());
    line(key, "strip", Boolean.toString(options.strip()));
    line(key, "release", release.value());
    line(key, "name", artifactName);
    artifacts.produced().forEach(kind -> line(key, "artifact", kind.id()));
    // Only when given: keys of requests without cflags stay what they were before the field existed.
    options.cflags().forEach(flag -> line(key, "cflag", flag.value()));
    return Sha256.of(key.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Values never contain newlines (they are parsed identifiers), so one line per value is unambiguous. */
  private static void line(StringBuilder key, String name, String value) {
    key.append(name).append('=').append(value).append('\n');
  }
}
