package dev.bpfforge.service.compile;

import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A source tree as one blob (a reproducible tar.gz), so a worker in another process or container
 * gets exactly the tree the client sent. Reading it back goes through the same checks as a bundle.
 */
public final class SourceArchive {
  private SourceArchive() {}

  public static byte[] write(SourceTree tree) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    tree.files().forEach((path, content) -> files.put(path.value(), content));
    return ArtifactArchive.tarGz(files);
  }

  public static SourceTree read(byte[] archive, BpfForgeProperties.Limits limits) throws IOException {
    return new SourceTreeReader(limits).fromBundle(new ByteArrayInputStream(archive));
  }
}
