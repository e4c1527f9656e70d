package dev.bpfforge.service.compile;

import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.api.LimitExceededException;
import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.input.BoundedInputStream;
import org.springframework.web.multipart.MultipartFile;

/**
 * Turns what a client uploaded (file parts, or one tar.gz bundle) into a {@link SourceTree},
 * enforcing the count, size and depth limits while reading, before anything reaches a disk.
 */
public final class SourceTreeReader {
  private final BpfForgeProperties.Limits limits;

  public SourceTreeReader(BpfForgeProperties.Limits limits) {
    this.limits = limits;
  }

  /** Each part's filename is its path in the tree. */
  public SourceTree fromFiles(List<MultipartFile> parts) throws IOException {
    Budget budget = new Budget();
    Map<SourcePath, byte[]> files = new LinkedHashMap<>();
    for (MultipartFile part : parts) {
      SourcePath path = SourcePath.parse(part.getOriginalFilename(), "file", limits.maxPathDepth());
      budget.countFile();
      budget.countBytes(part.getSize());
      if (files.put(path, part.getBytes()) != null) {
        throw new InvalidRequestException("file", "File " + path + " was sent twice.");
      }
    }
    return new SourceTree(files);
  }

  /**
   * A gzip-compressed tar of regular files and directories. Links, devices and FIFOs are refused
   * (a link is how a tree points outside itself); decompressed bytes are counted as they are
   * read, so a gzip bomb stops at the limit instead of filling memory.
   */
  public SourceTree fromBundle(InputStream gzipped) throws IOException {
    Budget budget = new Budget();
    long maxStream = limits.maxSourceBytes().toBytes() * 2 + 1024 * 1024; // tar headers and padding on top of content
    Map<SourcePath, byte[]> files = new LinkedHashMap<>();
    try (InputStream decompressed = BoundedInputStream.builder()
            .setInputStream(new GzipCompressorInputStream(gzipped))
            .setMaxCount(maxStream)
            .setOnMaxCount((max, count) -> {
              throw new LimitExceededException("max-source-bytes", limits.maxSourceBytes().toBytes(),
                  "The bundle expands beyond " + limits.maxSourceBytes().toBytes() + " bytes of sources.");
            })
            .get();
        // Names decode as UTF-8 whatever the JVM's default charset: bytes that are not UTF-8 become
        // U+FFFD, which SourcePath refuses, the same on every host.
        TarArchiveInputStream tar = new TarArchiveInputStream(decompressed, StandardCharsets.UTF_8.name())) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName();
        if (entry.isDirectory()) {
          if (!name.equals("./") && !name.equals(".")) { // tar -C dir . starts with ./
            SourcePath.parse(name, "bundle", limits.maxPathDepth());
          }
          continue;
        }
        // isFile() is true for devices and FIFOs too: only the two regular-file flags are files.
        if (entry.getLinkFlag() != TarConstants.LF_NORMAL && entry.getLinkFlag() != TarConstants.LF_OLDNORM) {
          throw new InvalidRequestException("bundle", "Bundle entry '" + SourcePath.printable(name) + "' is "
              + kind(entry) + ": a bundle may hold only regular files and directories.");
        }
        SourcePath path = SourcePath.parse(name, "bundle", limits.maxPathDepth());
        budget.countFile();
        budget.countBytes(entry.getSize());
        if (files.put(path, tar.readAllBytes()) != null) {
          throw new InvalidRequestException("bundle", "Bundle holds " + path + " twice.");
        }
      }
    } catch (IOException e) {
      throw new InvalidRequestException("bundle", "The bundle is not a readable .tar.gz: " + e.getMessage());
    }
    return new SourceTree(files);
  }

  private static String kind(TarArchiveEntry entry) {
    if (entry.isSymbolicLink()) return "a symbolic link";
    if (entry.isLink()) return "a hard link";
    if (entry.isCharacterDevice() || entry.isBlockDevice()) return "a device";
    if (entry.isFIFO()) return "a FIFO";
    return "not a regular file";
  }

  /** Running totals against the limits of one tree. */
  private final class Budget {
    private int files;
    private long bytes;

    void countFile() {
      if (++files > limits.maxFiles()) {
        throw new LimitExceededException("max-files", limits.maxFiles(), "A source tree may hold at most " + limits.maxFiles() + " files.");
      }
    }

    void countBytes(long size) {
      bytes += Math.max(size, 0);
      if (bytes > limits.maxSourceBytes().toBytes()) {
        throw new LimitExceededException("max-source-bytes", limits.maxSourceBytes().toBytes(),
            "Sources exceed " + limits.maxSourceBytes().toBytes() + " bytes in all.");
      }
    }
  }
}
