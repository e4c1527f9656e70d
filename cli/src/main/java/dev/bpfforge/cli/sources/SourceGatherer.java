package dev.bpfforge.cli.sources;

import dev.bpfforge.cli.CliException;
import dev.bpfforge.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers the entry file and every local header it includes, directly or through other headers,
 * resolved as clang resolves them: {@code "quoted"} names in the including file's directory, then
 * in the {@code -I} directories in order; {@code <angled>} names in the {@code -I} directories
 * only. Only files under the entry's directory or an {@code -I} directory are sent, so nothing
 * else of this machine leaves it; names not found there ({@code vmlinux.h}, {@code bpf/*.h}) are
 * left to the service, which has the target's and the toolchain's.
 */
public final class SourceGatherer {
  private final List<Path> includeDirs;
  private final List<Path> roots;

  private SourceGatherer(List<Path> includeDirs, List<Path> roots) {
    this.includeDirs = includeDirs;
    this.roots = roots;
  }

  public static GatheredSources gather(Path entry, List<Path> includeDirs) {
    Path realEntry = real(entry, "the program " + entry);
    if (!Files.isRegularFile(realEntry)) {
      throw new CliException(ExitCodes.USAGE, entry + " is not a file: name the program's .c file.");
    }
    List<Path> dirs = new ArrayList<>();
    for (Path dir : includeDirs) {
      Path realDir = real(dir, "the include directory " + dir);
      if (!Files.isDirectory(realDir)) {
        throw new CliException(ExitCodes.USAGE, "-I " + dir + " is not a directory.");
      }
      dirs.add(realDir);
    }
    List<Path> roots = new ArrayList<>(dirs);
    roots.add(0, realEntry.getParent());
    Path treeRoot = commonAncestor(roots);
    Map<String, Path> files = new SourceGatherer(dirs, roots).closure(realEntry, treeRoot);
    List<String> includeFields = new ArrayList<>();
    for (Path dir : dirs) {
      String field = treePath(treeRoot, dir);
      String prefix = field.isEmpty() ? "" : field + "/";
      // The service rejects an include directory none of the sent files is in; a -I directory
      // this program takes nothing from changes no lookup, so it is left out.
      if (files.keySet().stream().anyMatch(p -> p.startsWith(prefix)) && !includeFields.contains(field.isEmpty() ? "." : field)) {
        includeFields.add(field.isEmpty() ? "." : field);
      }
    }
    return new GatheredSources(treeRoot, treePath(treeRoot, realEntry), files, List.copyOf(includeFields));
  }

  private Map<String, Path> closure(Path entry, Path treeRoot) {
    Map<String, Path> files = new LinkedHashMap<>();
    Deque<Path> pending = new ArrayDeque<>(List.of(entry));
    while (!pending.isEmpty()) {
      Path file = pending.removeFirst();
      String key = treePath(treeRoot, file);
      if (files.containsKey(key)) {
        continue; // include guards and #pragma once: each file is sent once
      }
      files.put(key, file);
      for (IncludeDirective include : IncludeScanner.scan(read(file))) {
        resolve(file, include).filter(h -> !files.containsKey(treePath(treeRoot, h))).ifPresent(pending::addLast);
      }
    }
    return files;
  }

  Optional<Path> resolve(Path includingFile, IncludeDirective include) {
    if (include.name().startsWith("/")) {
      return Optional.empty(); // an absolute include never refers to the user's tree
    }
    List<Path> searched = new ArrayList<>();
    if (!include.angled()) {
      searched.add(includingFile.getParent());
    }
    searched.addAll(includeDirs);
    for (Path dir : searched) {
      Path candidate = dir.resolve(include.name()).normalize();
      if (Files.isRegularFile(candidate)) {
        Path found = real(candidate, candidate.toString());
        if (roots.stream().anyMatch(found::startsWith)) {
          return Optional.of(found);
        }
      }
    }
    return Optional.empty();
  }

  static Path commonAncestor(List<Path> paths) {
    Path common = paths.get(0);
    for (Path p : paths) {
      while (!p.startsWith(common)) {
        common = common.getParent();
      }
    }
    return common;
  }

  private static String treePath(Path root, Path file) {
    return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  private static Path real(Path path, String what) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "cannot read " + what + ": " + path + " does not exist.");
    }
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
    }
  }
}
