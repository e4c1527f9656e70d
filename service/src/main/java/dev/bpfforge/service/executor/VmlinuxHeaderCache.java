package dev.bpfforge.service.executor;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.toolchain.Toolchain;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code vmlinux.h} per (BTF digest, bpftool version): generated once by {@code bpftool btf dump
 * ... format c} in the executor's sandbox, then reused by every compile for that kernel. The
 * header's directory appears whole (atomic rename) or not at all.
 */
public final class VmlinuxHeaderCache {
  /** Runs bpftool on a kernel's BTF in some sandbox and writes the header. */
  @FunctionalInterface
  public interface Generator {
    void generate(byte[] btf, Path header, Toolchain toolchain) throws IOException;
  }

  private final Path root;
  private final PhaseTimer timer;
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  public VmlinuxHeaderCache(Path root) {
    this(root, PhaseTimer.NONE);
  }

  public VmlinuxHeaderCache(Path root, PhaseTimer timer) {
    this.root = root;
    this.timer = timer;
  }

  /** The directory holding {@code vmlinux.h} for this kernel BTF, generating it on first use. */
  public Path headerDir(Sha256 btfDigest, Supplier<byte[]> btf, Toolchain toolchain, Generator generator) throws IOException {
    Path dir = dirOf(btfDigest, toolchain);
    if (Files.isRegularFile(dir.resolve("vmlinux.h"))) {
      return dir;
    }
    // One generation per key in this process; concurrent compiles for the same kernel wait for it.
    synchronized (locks.computeIfAbsent(dir.toString(), k -> new Object())) {
      if (!Files.isRegularFile(dir.resolve("vmlinux.h"))) {
        timer.time(toolchain.id(), CompilePhase.VMLINUX_H, () -> {
          generate(dir, btf.get(), toolchain, generator);
          return null;
        });
      }
    }
    return dir;
  }

  public boolean isCached(Sha256 btfDigest, Toolchain toolchain) {
    return Files.isRegularFile(dirOf(btfDigest, toolchain).resolve("vmlinux.h"));
  }

  private Path dirOf(Sha256 btfDigest, Toolchain toolchain) {
    return root.resolve("bpftool-" + toolchain.bpftoolVersion()).resolve(btfDigest.hex());
  }

  private static void generate(Path dir, byte[] btf, Toolchain toolchain, Generator generator) throws IOException {
    Files.createDirectories(dir.getParent());
    Path staging = Files.createTempDirectory(dir.getParent(), ".staging-");
    try {
      Path published = Files.createDirectory(staging.resolve("published"));
      generator.generate(btf, published.resolve("vmlinux.h"), toolchain);
      // Readable by the sandbox's unprivileged user, which mounts it read-only.
      Files.setPosixFilePermissions(published, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(published.resolve("vmlinux.h"), PosixFilePermissions.fromString("rw-r--r--"));
      try {
        Files.move(published, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileSystemException raced) {
        // Another process sharing this cache published the same header first: rename(2) onto a
        // non-empty directory fails (Java reports it as a plain FileSystemException), and theirs is as good.
        if (!Files.isRegularFile(dir.resolve("vmlinux.h"))) {
          throw raced;
        }
      }
    } finally {
      FileTrees.deleteRecursively(staging);
    }
  }
}
