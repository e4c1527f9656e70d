package dev.bpfforge.service.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of a build as stored with it (JSON), and back. A worker rebuilds the typed
 * {@link CompileOptions} from here, parsing every value again.
 */
final class BuildOptions {
  private BuildOptions() {}

  static Map<String, Object> toMap(CompileRequest request) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("entry", request.options().entry().value());
    map.put("include", request.options().includeDirs());
    map.put("define", request.options().defines().stream().map(d -> d.value() == null ? d.name() : d.name() + "=" + d.value()).toList());
    map.put("strip", request.options().strip());
    if (!request.options().cflags().isEmpty()) {
      map.put("cflag", request.options().cflags().stream().map(CFlag::value).toList());
    }
    request.options().mcpu().ifPresent(m -> map.put("mcpu", m.id()));
    request.toolchain().ifPresent(t -> map.put("toolchain", t));
    map.put("artifact", request.artifact().ids());
    map.put("cache", request.bypassCache() ? "bypass" : "use");
    return map;
  }

  static ArtifactSelection artifacts(Map<String, Object> map) {
    return ArtifactSelection.fromStored(map.get("artifact"));
  }

  @SuppressWarnings("unchecked")
  static CompileOptions fromMap(Map<String, Object> map, int maxPathDepth) {
    List<String> includes = new ArrayList<>((List<String>) map.getOrDefault("include", List.of()));
    List<Define> defines = ((List<String>) map.getOrDefault("define", List.of())).stream().map(Define::parse).toList();
    return new CompileOptions(
        SourcePath.parse((String) map.get("entry"), "entry", maxPathDepth),
        List.copyOf(includes),
        defines,
        Optional.ofNullable((String) map.get("mcpu")).map(Mcpu::parse),
        Boolean.TRUE.equals(map.get("strip")),
        CompileRequestParser.cflags((List<String>) map.getOrDefault("cflag", List.of())));
  }
}
