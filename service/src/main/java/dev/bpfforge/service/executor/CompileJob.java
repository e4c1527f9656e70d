package dev.bpfforge.service.executor;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.compile.CompileOptions;
import dev.bpfforge.service.compile.Mcpu;
import dev.bpfforge.service.compile.SourceTree;
import dev.bpfforge.service.toolchain.Toolchain;
import java.util.function.Supplier;

/** Everything an executor needs to compile one target; no database or HTTP types. */
public record CompileJob(
    SourceTree sources,
    CompileOptions options,
    Arch arch,
    Mcpu mcpu,
    Sha256 btfDigest,
    Supplier<byte[]> btf,
    Toolchain toolchain) {}
