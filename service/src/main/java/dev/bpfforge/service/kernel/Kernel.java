package dev.bpfforge.service.kernel;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A kernel in the catalog: (release, arch), the digest of its BTF in the blob store, and what the
 * BTF says it supports.
 */
@Entity
@Table(name = "kernels")
public class Kernel {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 128)
  private String release;

  @Column(nullable = false, length = 16)
  private String arch;

  @Column(length = 64)
  private String distro;

  @Column(length = 64)
  private String flavour;

  @Column(name = "btf_sha256", nullable = false, length = 64)
  private String btfSha256;

  @Column(name = "btf_size", nullable = false)
  private long btfSize;

  @Column(name = "type_count", nullable = false)
  private int typeCount;

  @Column(name = "source_format", nullable = false, length = 32)
  private String sourceFormat;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb")
  private KernelFeatureSet features;

  @Column(name = "uploaded_at", nullable = false)
  private Instant uploadedAt;

  @Column(name = "uploaded_by")
  private String uploadedBy;

  protected Kernel() {}

  Kernel(KernelRelease release, Arch arch, Sha256 btf, long btfSize, int typeCount, String sourceFormat, Instant uploadedAt) {
    this.release = release.value();
    this.arch = arch.id();
    this.btfSha256 = btf.hex();
    this.btfSize = btfSize;
    this.typeCount = typeCount;
    this.sourceFormat = sourceFormat;
    this.uploadedAt = uploadedAt;
  }

  static Kernel of(KernelCatalog.NewKernel upload, Sha256 btf, KernelFeatureSet features, Instant now) {
    Kernel kernel = new Kernel(upload.release(), upload.arch(), btf, upload.btf().size(), upload.btf().typeCount(), upload.sourceFormat(), now);
    kernel.distro = upload.distro().orElse(null);
    kernel.flavour = upload.flavour().orElse(null);
    kernel.uploadedBy = upload.uploadedBy().orElse(null);
    kernel.features = features;
    return kernel;
  }

  /**
   * Takes the BTF and features of {@code upload}, and the labels it gives; release, arch and id
   * stay, and so do labels it leaves out (a new BTF for the same kernel is still that distro's).
   */
  void replaceWith(KernelCatalog.NewKernel upload, Sha256 btf, KernelFeatureSet features, Instant now) {
    this.btfSha256 = btf.hex();
    this.btfSize = upload.btf().size();
    this.typeCount = upload.btf().typeCount();
    this.sourceFormat = upload.sourceFormat();
    this.features = features;
    this.uploadedAt = now;
    this.uploadedBy = upload.uploadedBy().orElse(null);
    upload.distro().ifPresent(d -> this.distro = d);
    upload.flavour().ifPresent(f -> this.flavour = f);
  }

  void features(KernelFeatureSet features) {
    this.features = features;
  }

  public Long id() {
    return id;
  }

  public KernelRelease release() {
    return KernelRelease.parse(release);
  }

  public Arch arch() {
    return Arch.parse(arch);
  }

  public Optional<String> distro() {
    return Optional.ofNullable(distro);
  }

  public Optional<String> flavour() {
    return Optional.ofNullable(flavour);
  }

  public Sha256 btfSha256() {
    return Sha256.parse(btfSha256);
  }

  public long btfSize() {
    return btfSize;
  }

  public int typeCount() {
    return typeCount;
  }

  public String sourceFormat() {
    return sourceFormat;
  }

  /** Empty only for a row from before features were recorded, until the start-up backfill reaches it. */
  public Optional<KernelFeatureSet> features() {
    return Optional.ofNullable(features);
  }

  public Instant uploadedAt() {
    return uploadedAt;
  }

  public Optional<String> uploadedBy() {
    return Optional.ofNullable(uploadedBy);
  }
}
