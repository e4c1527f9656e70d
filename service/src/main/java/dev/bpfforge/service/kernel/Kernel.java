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

/** A kernel in the catalog: (release, arch) and the digest of its BTF in the blob store. */
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

  @Column(name = "btf_sha256", nullable = false, length = 64)
  private String btfSha256;

  @Column(name = "btf_size", nullable = false)
  private long btfSize;

  @Column(name = "type_count", nullable = false)
  private int typeCount;

  @Column(name = "source_format", nullable = false, length = 32)
  private String sourceFormat;

  @Column(name = "uploaded_at", nullable = false)
  private Instant uploadedAt;

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

  public Long id() {
    return id;
  }

  public KernelRelease release() {
    return KernelRelease.parse(release);
  }

  public Arch arch() {
    return Arch.parse(arch);
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

  public Instant uploadedAt() {
    return uploadedAt;
  }
}
