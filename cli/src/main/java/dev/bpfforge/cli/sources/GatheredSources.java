package dev.bpfforge.cli.sources;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The source tree a compile sends: each file's path in the tree (relative to {@code root}, with
 * {@code /}) and where it is on this machine, the entry's tree path, and the include directories
 * as tree paths ({@code .} for the root), in the order the user gave them.
 */
public record GatheredSources(Path root, String entry, Map<String, Path> files, List<String> includeDirs) {

  /**
   * The path a user recognises for a tree path: relative to the working directory when the file
   * is under it, else absolute. Paths not in the tree (toolchain headers) come back unchanged.
   */
  public String localPath(String treePath) {
    Path local = files.get(treePath);
    if (local == null) {
      return treePath;
    }
    Path cwd = Path.of("").toAbsolutePath();
    try {
      cwd = cwd.toRealPath();
    } catch (java.io.IOException e) {
      // keep the unresolved working directory
    }
    return local.startsWith(cwd) ? cwd.relativize(local).toString() : local.toString();
  }
}
