package dev.bpfforge.service.kernel;

import dev.bpfforge.btf.ExtractLimits;
import dev.bpfforge.btf.ExtractedKernel;
import dev.bpfforge.btf.KernelBtfExtractor;
import dev.bpfforge.service.api.LimitExceededException;
import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.multipart.MultipartFile;

/**
 * Turns an uploaded kernel file into {@link UploadedKernel} with btf-store's
 * {@link KernelBtfExtractor}: raw BTF (plain or compressed), a vmlinux, a vmlinuz/Image, a .deb or
 * .rpm kernel package, or a BTFHub archive. The upload is spooled to a file under the data dir
 * first (packages are hundreds of MB and the formats need random access), extracted, and deleted
 * whatever happens; the extractor's own work directories go there too.
 */
@Component
class KernelUploadReader {
  private static final Duration STALE = Duration.ofHours(1);

  private final Path spool;
  private final long maxUpload;
  private final ExtractLimits limits;
  private final KernelBtfExtractor extractor;

  KernelUploadReader(BpfForgeProperties properties, Clock clock) throws IOException {
    this.spool = Files.createDirectories(properties.dataDir().toAbsolutePath().normalize().resolve("tmp/uploads"));
    this.maxUpload = properties.limits().maxKernelUpload().toBytes();
    // Every decompression step (a package's data archive, an image's payload, the BTF) is held to
    // the BTF limit, and to the extractor's default ratio: no archive bomb gets past either.
    this.limits = new ExtractLimits(maxUpload, properties.limits().maxKernelBtf().toBytes(), ExtractLimits.defaults().maxRatio());
    this.extractor = new KernelBtfExtractor(spool);
    sweep(clock.instant().minus(STALE));
  }

  /** Whether an upload can name its own kernel, so the release and arch fields may be left out. */
  boolean identifiesKernels() {
    return true;
  }

  UploadedKernel read(MultipartFile file) throws IOException {
    if (file.getSize() > maxUpload) {
      throw new LimitExceededException("max-kernel-upload", maxUpload, "The kernel file is " + file.getSize()
          + " bytes; the limit is " + maxUpload + ". Send the BTF alone (/sys/kernel/btf/vmlinux), xz-compressed.");
    }
    Path spooled = Files.createTempFile(spool, "upload-", ".bin");
    try {
      file.transferTo(spooled);
      ExtractedKernel kernel = extractor.extract(spooled, limits);
      return new UploadedKernel(kernel.btf(), kernel.sourceFormat(), kernel.release(), kernel.arch(), kernel.distro(), kernel.flavour());
    } finally {
      Files.deleteIfExists(spooled);
    }
  }

  /**
   * Deletes what a killed process left behind: spooled uploads and extraction work directories.
   * Only old ones: other processes (workers) may share the data dir, and an upload being read
   * right now is seconds old, never an hour.
   */
  private void sweep(Instant staleBefore) throws IOException {
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(spool, "{upload-*.bin,btf-extract-*}")) {
      for (Path leftover : leftovers) {
        try {
          if (Files.getLastModifiedTime(leftover).toInstant().isBefore(staleBefore)) {
            FileSystemUtils.deleteRecursively(leftover);
          }
        } catch (NoSuchFileException gone) {
          // its upload finished meanwhile
        }
      }
    }
  }
}
