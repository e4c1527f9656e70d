package dev.bpfforge.service.executor;

import java.io.IOException;

/**
 * Runs one compile in a sandbox and reports what came of it. A program that does not compile is a
 * {@link CompileResult} with diagnostics; an {@link IOException} means the executor itself broke
 * (no Docker daemon, no disk), and the job is retried elsewhere.
 */
public interface Executor {
  CompileResult compile(CompileJob job) throws IOException;

  /** The directory holding the kernel's vmlinux.h as this executor's toolchain generates it (cached). */
  java.nio.file.Path vmlinuxHeader(dev.bpfforge.btf.Sha256 btfDigest, java.util.function.Supplier<byte[]> btf,
      dev.bpfforge.service.toolchain.Toolchain toolchain) throws IOException;
}
