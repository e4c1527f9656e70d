package dev.bpfforge.service.executor;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.toolchain.Toolchain;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code vmlinux.h} per (BTF digest, bpftool version): generated once by {@code bpftool btf dump
 * ... format c} in the sandbox, then reused by every compile for that kernel. The header's
 * directory appears published whole (atomic rename) or not at all.
 */
public final class VmlinuxHeaderCache {
  private final Path root;
  private final Sandbox sandbox;
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  public VmlinuxHeaderCache(Path root, Sandbox sandbox) {
    this.root = root;
    this.sandbox = sandbox;
  }

  /** The directory holding {@code vmlinux.h} for this kernel BTF, generating it on first use. */
  public Path headerDir(Sha256 btfDigest, Supplier<byte[]> btf, Toolchain toolchain) throws IOException {
    Path dir = root.resolve("bpftool-" + toolchain.bpftoolVersion()).resolve(btfDigest.hex());
    if (Files.isRegularFile(dir.resolve("vmlinux.h"))) {
      return dir;
    }
    // One generation per key in this process; concurrent compiles for the same kernel wait for it.
    synchronized (locks.computeIfAbsent(dir.toString(), k -> new Object())) {
      if (!Files.isRegularFile(dir.resolve("vmlinux.h"))) {
        generate(dir, btf.get());
      }
    }
    return dir;
  }

  public boolean isCached(Sha256 btfDigest, Toolchain toolchain) {
    return Files.isRegularFile(root.resolve("bpftool-" + toolchain.bpftoolVersion()).resolve(btfDigest.hex()).resolve("vmlinux.h"));
  }

  private void generate(Path dir, byte[] btf) throws IOException {
    Files.createDirectories(dir.getParent());
    Path staging = Files.createTempDirectory(dir.getParent(), ".staging-");
    try {
      Path kernel = Files.createDirectory(staging.resolve("kernel"));
      Files.write(kernel.resolve("btf"), btf);
      Path header = Files.createDirectory(staging.resolve("out")).resolve("vmlinux.h");
      Path log = staging.resolve("log");
      Files.createFile(log);
      Sandbox.Result result = sandbox.run(new Sandbox.Invocation(
          List.of("bpftool", "btf", "dump", "file", SandboxPaths.KERNEL + "/btf", "format", "c"),
          List.of(new Sandbox.Mount(kernel, SandboxPaths.KERNEL, false)),
          "/tmp", header, log));
      if (!result.succeeded()) {
        throw new IOException("bpftool could not generate vmlinux.h (exit " + result.exitCode() + "): " + result.output().strip());
      }
      Path published = staging.resolve("published");
      Files.createDirectory(published);
      Files.move(header, published.resolve("vmlinux.h"));
      try {
        Files.move(published, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
        // Another process published the same header first.
      }
    } finally {
      FileTrees.deleteRecursively(staging);
    }
  }
}
