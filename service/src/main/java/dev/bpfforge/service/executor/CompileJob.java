package dev.bpfforge.service.executor;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.compile.ArtifactKind;
import dev.bpfforge.service.compile.CompileOptions;
import dev.bpfforge.service.compile.Mcpu;
import dev.bpfforge.service.compile.SourceTree;
import dev.bpfforge.service.toolchain.Toolchain;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything an executor needs to compile one target; no database or HTTP types.
 *
 * @param release the target kernel's release, recorded in the loader {@code .so}
 * @param name what the artifacts are named after, a C identifier ({@code ArtifactName})
 * @param artifacts the kinds to make; the object is always made, the manifest is not the executor's
 */
public record CompileJob(
    SourceTree sources,
    CompileOptions options,
    Arch arch,
    Mcpu mcpu,
    Sha256 btfDigest,
    Supplier<byte[]> btf,
    Toolchain toolchain,
    KernelRelease release,
    String name,
    Set<ArtifactKind> artifacts) {

  public boolean wants(ArtifactKind kind) {
    return kind == ArtifactKind.O || artifacts.contains(kind);
  }

  /** The SHA-256 of the entry file as sent: what the loader reports as the program's hash (Coolbpf's {@code hash}). */
  public Sha256 entryDigest() {
    return Sha256.of(sources.files().get(options.entry()));
  }
}
