package dev.bpfforge.service.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * The fields of one multipart/form-data request, checked against the names an endpoint accepts:
 * a misspelt field is an error the client hears about, not an option silently ignored.
 */
public final class MultipartForm {
  private final Map<String, String[]> values;
  private final Map<String, List<MultipartFile>> files;

  private MultipartForm(Map<String, String[]> values, Map<String, List<MultipartFile>> files) {
    this.values = values;
    this.files = files;
  }

  public static MultipartForm of(MultipartHttpServletRequest request, Set<String> valueFields, Set<String> fileFields) {
    TreeSet<String> unknown = new TreeSet<>();
    request.getParameterMap().keySet().stream().filter(n -> !valueFields.contains(n) && !fileFields.contains(n)).forEach(unknown::add);
    request.getMultiFileMap().keySet().stream().filter(n -> !fileFields.contains(n)).forEach(unknown::add);
    if (!unknown.isEmpty()) {
      throw new InvalidRequestException(unknown.first(), "Unknown field(s) " + String.join(", ", unknown)
          + "; this endpoint accepts " + String.join(", ", new TreeSet<>(union(valueFields, fileFields))) + ".");
    }
    return new MultipartForm(request.getParameterMap(), request.getMultiFileMap());
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  /** A field given at most once. */
  public Optional<String> single(String name) {
    String[] given = values.get(name);
    if (given == null || given.length == 0) {
      return Optional.empty();
    }
    if (given.length > 1) {
      throw new InvalidRequestException(name, "Field " + name + " may be given once, not " + given.length + " times.");
    }
    return Optional.of(given[0].strip());
  }

  public String required(String name, String hint) {
    return single(name).filter(v -> !v.isEmpty())
        .orElseThrow(() -> new InvalidRequestException(name, "Field " + name + " is required: " + hint));
  }

  public List<String> repeated(String name) {
    String[] given = values.get(name);
    return given == null ? List.of() : List.of(given).stream().map(String::strip).toList();
  }

  public List<MultipartFile> files(String name) {
    return new ArrayList<>(files.getOrDefault(name, List.of()));
  }
}
