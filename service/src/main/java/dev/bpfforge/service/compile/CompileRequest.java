package dev.bpfforge.service.compile;

import java.util.List;
import java.util.Optional;

/**
 * One parsed, validated request to build a source tree for one or more targets; nothing in it is
 * an unchecked client string. An empty target list means this machine's own kernel.
 */
public record CompileRequest(
    SourceTree sources,
    CompileOptions options,
    List<TargetSpec> targets,
    Optional<String> toolchain,
    ArtifactSelection artifact,
    boolean bypassCache,
    Optional<String> name,
    Optional<String> version) {}
