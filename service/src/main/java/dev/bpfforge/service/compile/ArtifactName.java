package dev.bpfforge.service.compile;

import java.util.Optional;

/**
 * The name a target's artifacts carry ({@code NAME.o}, {@code NAME.skel.h}, {@code NAME.min.btf},
 * {@code NAME.so}): the build's {@code name} when given, else the entry's stem. bpftool names
 * the skeleton's C struct and functions after it ({@code gen skeleton ... name NAME}), so it must
 * be a C identifier: every other character becomes {@code _}, and a leading digit gets a {@code _}
 * in front ({@code my-tool} -> {@code my_tool}, {@code 2fast} -> {@code _2fast}).
 */
public final class ArtifactName {
  private ArtifactName() {}

  public static String of(Optional<String> buildName, SourcePath entry) {
    return identifier(buildName.orElse(entry.stem()));
  }

  static String identifier(String raw) {
    String mapped = raw.replaceAll("[^A-Za-z0-9_]", "_");
    if (mapped.isEmpty() || Character.isDigit(mapped.charAt(0))) {
      return "_" + mapped;
    }
    return mapped;
  }
}
