package dev.bpfforge.service.kernel;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.Btf;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.artifact.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/** The kernels the service compiles for, and their BTF. */
@Component
public class KernelCatalog {
  private static final int CLOSEST = 5;

  private final KernelRepository kernels;
  private final BlobStore blobs;
  private final Clock clock;

  KernelCatalog(KernelRepository kernels, BlobStore blobs, Clock clock) {
    this.kernels = kernels;
    this.blobs = blobs;
    this.clock = clock;
  }

  /** What an add did: created the kernel, or found the identical one already there. */
  public record Added(Kernel kernel, boolean created) {}

  /**
   * Adds a kernel whose BTF has already been validated. The blob is written before the row: a
   * failure between the two leaves an unreferenced blob (harmless, content-addressed), never a row
   * without bytes. Same BTF again is idempotent; different BTF for the same (release, arch) is a
   * conflict.
   */
  public Added add(KernelRelease release, Arch arch, Btf btf, String sourceFormat) {
    byte[] raw = btf.bytes();
    Sha256 digest = Sha256.of(raw);
    Optional<Kernel> existing = kernels.findByReleaseAndArch(release.value(), arch.id());
    if (existing.isPresent()) {
      return same(existing.get(), digest);
    }
    try {
      blobs.put(digest, raw);
    } catch (IOException e) {
      throw new UncheckedIOException("storing BTF of " + release.value(), e);
    }
    try {
      Kernel kernel = new Kernel(release, arch, digest, raw.length, btf.typeCount(), sourceFormat, clock.instant());
      return new Added(kernels.saveAndFlush(kernel), true);
    } catch (DataIntegrityViolationException raced) {
      // A concurrent upload of the same (release, arch) won the unique constraint.
      return same(kernels.findByReleaseAndArch(release.value(), arch.id()).orElseThrow(() -> raced), digest);
    }
  }

  private static Added same(Kernel kernel, Sha256 digest) {
    if (kernel.btfSha256().equals(digest)) {
      return new Added(kernel, false);
    }
    throw new KernelConflictException("Kernel " + kernel.release().value() + " (" + kernel.arch().id()
        + ") is already in the catalog with different BTF (sha256 " + kernel.btfSha256() + ").");
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
    try {
      return blobs.read(kernel.btfSha256());
    } catch (IOException e) {
      throw new UncheckedIOException("reading BTF of " + kernel.release().value(), e);
    }
  }

  private UnknownKernelException unknown(String target, KernelRelease release) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    List<String> closest = kernels.findAll().stream()
        .map(k -> k.release().value() + "@" + k.arch().id())
        .distinct()
        .sorted(Comparator.comparingInt((String known) -> distance.apply(release.value(), known.substring(0, known.indexOf('@'))))
            .thenComparing(Comparator.naturalOrder()))
        .limit(CLOSEST)
        .toList();
    return new UnknownKernelException(target, closest);
  }
}
