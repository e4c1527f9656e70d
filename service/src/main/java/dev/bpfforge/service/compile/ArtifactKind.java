package dev.bpfforge.service.compile;

import dev.bpfforge.service.api.InvalidRequestException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One kind of file a target's compile can produce, named after the program (its artifact name):
 * the CO-RE object, the libbpf skeleton header, the object's minimized BTF for this kernel, the
 * loader shared library, and the target's manifest.
 */
public enum ArtifactKind {
  O("o", ".o", "application/octet-stream"),
  SKEL("skel", ".skel.h", "text/x-c"),
  BTF("btf", ".min.btf", "application/octet-stream"),
  SO("so", ".so", "application/octet-stream"),
  MANIFEST("manifest", null, "application/json");

  /** The manifest's file name: one per target, so it is not named after the program. */
  public static final String MANIFEST_FILE = "manifest.json";

  private final String id;
  private final String suffix;
  private final String contentType;

  ArtifactKind(String id, String suffix, String contentType) {
    this.id = id;
    this.suffix = suffix;
    this.contentType = contentType;
  }

  /** The kind as requests, job_artifacts rows and build views spell it. */
  public String id() {
    return id;
  }

  /** The media type a download of this kind is served with. */
  public String contentType() {
    return contentType;
  }

  /** {@code execsnoop} -> {@code execsnoop.o}, {@code execsnoop.skel.h}, ..., {@code manifest.json}. */
  public String fileName(String artifactName) {
    return this == MANIFEST ? MANIFEST_FILE : artifactName + suffix;
  }

  public static ArtifactKind parse(String raw) {
    for (ArtifactKind kind : values()) {
      if (kind.id.equals(raw)) {
        return kind;
      }
    }
    throw new InvalidRequestException("artifact", "artifact '" + SourcePath.printable(raw) + "' is not one of "
        + Arrays.stream(values()).map(ArtifactKind::id).collect(Collectors.joining(", ")) + ", all.");
  }
}
