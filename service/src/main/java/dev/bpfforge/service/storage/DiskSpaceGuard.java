package dev.bpfforge.service.storage;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses requests that write to the data dir (new builds, compiles, kernel uploads) while its
 * file system is past the high-water mark, before anything is stored: a full disk would fail
 * them half-way, and PostgreSQL and the blob store with them. One statvfs per request, no cache:
 * it is cheaper than the request and always current.
 */
class DiskSpaceGuard implements HandlerInterceptor {
  private final FileStore store;
  private final DiskHighWater mark;

  DiskSpaceGuard(Path dataDir, DiskHighWater mark) {
    try {
      this.store = Files.getFileStore(Files.createDirectories(dataDir));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the file system of " + dataDir, e);
    }
    this.mark = mark;
  }

  /** Throws {@link InsufficientStorageException} when the disk is past the mark. */
  void check() {
    try {
      long used = store.getTotalSpace() - store.getUnallocatedSpace();
      long usable = store.getUsableSpace();
      if (mark.isExceeded(used, usable)) {
        throw new InsufficientStorageException(mark, usable, used + usable);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading free space", e);
    }
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if ("POST".equals(request.getMethod())) {
      check();
    }
    return true;
  }
}
