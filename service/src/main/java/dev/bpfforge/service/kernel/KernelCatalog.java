package dev.bpfforge.service.kernel;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.Btf;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.artifact.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The kernels the service compiles for, their BTF, and what each supports. */
@Component
public class KernelCatalog {
  private static final Logger log = LoggerFactory.getLogger(KernelCatalog.class);
  private static final int CLOSEST = 5;
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final KernelRepository kernels;
  private final BlobStore blobs;
  private final Clock clock;
  private final TransactionTemplate transaction;

  KernelCatalog(KernelRepository kernels, BlobStore blobs, Clock clock, PlatformTransactionManager transactions) {
    this.kernels = kernels;
    this.blobs = blobs;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * A kernel to add: validated BTF and what is known about it.
   *
   * @param sourceFormat what the upload was (raw BTF, xz, a vmlinux ELF...), as recorded
   * @param uploadedBy who added it, once requests are authenticated
   */
  public record NewKernel(
      KernelRelease release, Arch arch, Btf btf, String sourceFormat,
      Optional<String> distro, Optional<String> flavour, Optional<String> uploadedBy) {

    public static NewKernel of(KernelRelease release, Arch arch, Btf btf, String sourceFormat) {
      return new NewKernel(release, arch, btf, sourceFormat, Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  public enum Outcome { CREATED, UNCHANGED, REPLACED }

  /** What an add did, and the kernel as it now is. */
  public record Added(Kernel kernel, Outcome outcome) {
    public boolean created() {
      return outcome == Outcome.CREATED;
    }
  }

  public Added add(KernelRelease release, Arch arch, Btf btf, String sourceFormat) {
    return add(NewKernel.of(release, arch, btf, sourceFormat), false);
  }

  /**
   * Adds a kernel whose BTF has already been validated. The blob is written before the row: a
   * failure between the two leaves an unreferenced blob (harmless, content-addressed), never a row
   * without bytes. The same BTF again is idempotent. Different BTF for the same (release, arch) is
   * a conflict unless {@code replace}: then the row takes the new BTF and features (and the labels
   * the upload gives), keeping its id, so builds made for it still name it. The old blob is left
   * alone: it is addressed by content and may be shared by another kernel (or a later upload).
   */
  public Added add(NewKernel upload, boolean replace) {
    byte[] raw = upload.btf().bytes();
    Sha256 digest = Sha256.of(raw);
    Optional<Kernel> existing = find(upload.release(), upload.arch());
    if (existing.isPresent() && !replace) {
      return same(existing.get(), digest);
    }
    KernelFeatureSet features = KernelFeatureReader.read(upload.btf());
    store(digest, raw, upload.release());
    if (existing.isPresent()) {
      return replace(upload, digest, features);
    }
    try {
      return new Added(kernels.saveAndFlush(Kernel.of(upload, digest, features, clock.instant())), Outcome.CREATED);
    } catch (DataIntegrityViolationException raced) {
      // A concurrent upload of the same (release, arch) won the unique constraint.
      Kernel winner = find(upload.release(), upload.arch()).orElseThrow(() -> raced);
      return replace ? replace(upload, digest, features) : same(winner, digest);
    }
  }

  private Added replace(NewKernel upload, Sha256 digest, KernelFeatureSet features) {
    return transaction.execute(status -> {
      // Locked: two replaces of one kernel apply one after the other, never interleaved.
      Optional<Kernel> locked = kernels.lockByReleaseAndArch(upload.release().value(), upload.arch().id());
      if (locked.isEmpty()) { // deleted since we looked: this upload creates it again
        return new Added(kernels.save(Kernel.of(upload, digest, features, clock.instant())), Outcome.CREATED);
      }
      Sha256 previous = locked.get().btfSha256();
      locked.get().replaceWith(upload, digest, features, clock.instant());
      log.info("kernel {} ({}) BTF replaced: {} -> {}", upload.release().value(), upload.arch().id(), previous, digest);
      return new Added(locked.get(), Outcome.REPLACED);
    });
  }

  private static Added same(Kernel kernel, Sha256 digest) {
    if (kernel.btfSha256().equals(digest)) {
      return new Added(kernel, Outcome.UNCHANGED);
    }
    throw new KernelConflictException(kernel, digest);
  }

  private void store(Sha256 digest, byte[] raw, KernelRelease release) {
    try {
      blobs.put(digest, raw);
    } catch (IOException e) {
      throw new UncheckedIOException("storing BTF of " + release.value(), e);
    }
  }

  /**
   * Removes a kernel from the catalog. One that builds were made for stays: the database refuses
   * (their rows refer to it), whatever table those rows live in. Its BTF blob stays too, for the
   * same reason as on replace.
   */
  public void delete(Kernel kernel) {
    try {
      kernels.deleteNow(kernel.id());
    } catch (DataIntegrityViolationException e) {
      if (isForeignKeyViolation(e)) {
        throw new KernelInUseException(kernel);
      }
      throw e;
    }
    log.info("kernel {} ({}) deleted from the catalog", kernel.release().value(), kernel.arch().id());
  }

  private static boolean isForeignKeyViolation(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads the features of kernels added before they were recorded; answers how many it filled.
   * Runs at start-up; a kernel whose BTF cannot be read is logged and left for the next start.
   */
  public int fillMissingFeatures() {
    int filled = 0;
    for (Kernel kernel : kernels.findByFeaturesIsNull()) {
      try {
        kernel.features(KernelFeatureReader.read(Btf.parse(btf(kernel))));
        kernels.save(kernel);
        filled++;
      } catch (RuntimeException e) {
        log.warn("features of kernel {} ({}) not read: {}", kernel.release().value(), kernel.arch().id(), e.getMessage());
      }
    }
    return filled;
  }

  public List<Kernel> list() {
    return kernels.findAllByOrderByReleaseAscArchAsc();
  }

  /** The kernel a target names; without an arch the release must be unambiguous. */
  public Kernel resolve(KernelRelease release, Optional<Arch> arch) {
    if (arch.isPresent()) {
      return kernels.findByReleaseAndArch(release.value(), arch.get().id())
          .orElseThrow(() -> unknown(release.value() + " (" + arch.get().id() + ")", release));
    }
    List<Kernel> matches = kernels.findByRelease(release.value());
    if (matches.isEmpty()) {
      throw unknown(release.value(), release);
    }
    if (matches.size() > 1) {
      throw new InvalidRequestException("arch", "Kernel " + release.value() + " is in the catalog for several"
          + " architectures (" + String.join(", ", matches.stream().map(k -> k.arch().id()).sorted().toList())
          + "): name one with the arch field.");
    }
    return matches.get(0);
  }

  public Optional<Kernel> find(KernelRelease release, Arch arch) {
    return kernels.findByReleaseAndArch(release.value(), arch.id());
  }

  public byte[] btf(Kernel kernel) {
    try (InputStream in = openBtf(kernel)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading BTF of " + kernel.release().value(), e);
    }
  }

  /** The kernel's raw BTF as a stream, for serving it without holding it all in memory. */
  public InputStream openBtf(Kernel kernel) throws IOException {
    return blobs.open(kernel.btfSha256());
  }

  private UnknownKernelException unknown(String target, KernelRelease release) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    List<String> closest = kernels.findAllNames().stream()
        .distinct()
        .sorted(Comparator.comparingInt((String known) -> distance.apply(release.value(), known.substring(0, known.indexOf('@'))))
            .thenComparing(Comparator.naturalOrder()))
        .limit(CLOSEST)
        .toList();
    return new UnknownKernelException(target, closest);
  }
}
