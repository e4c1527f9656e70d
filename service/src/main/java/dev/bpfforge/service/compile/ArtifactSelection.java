package dev.bpfforge.service.compile;

import dev.bpfforge.service.api.InvalidRequestException;

/** What a compile answers with: the object itself, or a tar.gz of every artifact kind. */
public enum ArtifactSelection {
  O("o"),
  ALL("all");

  private final String id;

  ArtifactSelection(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static ArtifactSelection parse(String raw) {
    for (ArtifactSelection s : values()) {
      if (s.id.equals(raw)) {
        return s;
      }
    }
    throw new InvalidRequestException("artifact", "artifact '" + SourcePath.printable(raw) + "' is not one of o, all.");
  }
}
