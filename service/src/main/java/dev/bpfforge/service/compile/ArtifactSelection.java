package dev.bpfforge.service.compile;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The artifact kinds a request asked for ({@code artifact} fields, repeatable, each a kind, a
 * comma list of kinds, or {@code all}). The object is always built and kept, whatever was asked:
 * every other kind is made from it, and a build's targets always have something to load.
 *
 * @param requested the kinds the client named (just {@code o} when it named none)
 */
public record ArtifactSelection(Set<ArtifactKind> requested) {
  public static final ArtifactSelection O = new ArtifactSelection(EnumSet.of(ArtifactKind.O));
  public static final ArtifactSelection ALL = new ArtifactSelection(EnumSet.allOf(ArtifactKind.class));

  public ArtifactSelection {
    if (requested.isEmpty()) {
      throw new IllegalArgumentException("no artifact kind");
    }
    requested = Collections.unmodifiableSet(EnumSet.copyOf(requested));
  }

  /** The selection the field values name; no values select the object alone. */
  public static ArtifactSelection of(List<String> values) {
    Set<ArtifactKind> kinds = EnumSet.noneOf(ArtifactKind.class);
    for (String value : values) {
      for (String item : value.split(",", -1)) {
        String id = item.strip();
        if (id.equals("all")) {
          kinds.addAll(EnumSet.allOf(ArtifactKind.class));
        } else {
          kinds.add(ArtifactKind.parse(id));
        }
      }
    }
    return kinds.isEmpty() ? O : new ArtifactSelection(kinds);
  }

  public static ArtifactSelection parse(String value) {
    return of(List.of(value));
  }

  /** What a target's compile makes and stores: the requested kinds and the object. */
  public Set<ArtifactKind> produced() {
    Set<ArtifactKind> produced = EnumSet.copyOf(requested);
    produced.add(ArtifactKind.O);
    return Collections.unmodifiableSet(produced);
  }

  /** One kind asked for: POST /v1/compile answers with that file itself rather than an archive. */
  public boolean isSingle() {
    return requested.size() == 1;
  }

  /** The requested kinds' ids in a fixed order, as stored with the build. */
  public List<String> ids() {
    return requested.stream().map(ArtifactKind::id).toList();
  }

  /** Back from what {@link #ids()} stored; builds stored before kinds existed hold one string. */
  static ArtifactSelection fromStored(Object stored) {
    if (stored == null) {
      return O;
    }
    if (stored instanceof List<?> list) {
      return of(list.stream().map(String::valueOf).toList());
    }
    return of(Arrays.asList(String.valueOf(stored)));
  }
}
