package dev.bpfforge.service.compile;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import java.util.Optional;

/** One parsed, validated compile request: nothing in it is an unchecked client string. */
public record CompileRequest(
    SourceTree sources,
    CompileOptions options,
    Optional<KernelRelease> kernel,
    Optional<Arch> arch,
    Optional<String> toolchain,
    ArtifactSelection artifact,
    boolean bypassCache) {}
