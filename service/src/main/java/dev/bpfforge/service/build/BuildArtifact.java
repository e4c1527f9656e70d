package dev.bpfforge.service.build;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

/** One artifact of a build: its kind, the file name a user gets, and its digest. */
@Entity
@Table(name = "build_artifacts")
public class BuildArtifact {
  @Embeddable
  public record Key(@Column(name = "build_id") UUID buildId, @Column(name = "kind", length = 16) String kind) implements Serializable {}

  @EmbeddedId private Key key;

  @MapsId("buildId")
  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  private Build build;

  @Column(nullable = false, length = 255)
  private String name;

  @Column(nullable = false, length = 64)
  private String sha256;

  protected BuildArtifact() {}

  BuildArtifact(Build build, String kind, String name, String sha256) {
    this.key = new Key(build.id(), kind);
    this.build = build;
    this.name = name;
    this.sha256 = sha256;
  }

  public String kind() { return key.kind(); }
  public String name() { return name; }
  public String sha256() { return sha256; }
}
