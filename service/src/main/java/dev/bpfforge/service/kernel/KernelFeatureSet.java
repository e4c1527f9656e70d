package dev.bpfforge.service.kernel;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a kernel supports, as its BTF declares it: names as bpftool's feature probe prints them
 * ({@code ringbuf}, {@code kprobe}, {@code trace_fentry}, {@code bpf_loop}), in the kernel's own
 * order, and named highlights a user checks before writing a program ({@code bpf_loop: false} on
 * 5.10). Stored as the kernel's {@code features} jsonb.
 *
 * @param mapTypes {@code enum bpf_map_type}, without {@code BPF_MAP_TYPE_}
 * @param progTypes {@code enum bpf_prog_type}, without {@code BPF_PROG_TYPE_}
 * @param attachTypes {@code enum bpf_attach_type}, without {@code BPF_}
 * @param helpers {@code enum bpf_func_id} as helper names ({@code bpf_map_lookup_elem})
 * @param highlights feature name to whether this kernel has it, sorted by name
 */
public record KernelFeatureSet(
    List<String> mapTypes, List<String> progTypes, List<String> attachTypes, List<String> helpers, Map<String, Boolean> highlights) {

  public KernelFeatureSet {
    mapTypes = copy(mapTypes);
    progTypes = copy(progTypes);
    attachTypes = copy(attachTypes);
    helpers = copy(helpers);
    highlights = highlights == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(highlights));
  }

  /** Whether the kernel has the named highlight; false for a name this set does not know. */
  public boolean has(String highlight) {
    return highlights.getOrDefault(highlight, false);
  }

  public boolean hasHelper(String helper) {
    return helpers.contains(helper);
  }

  private static List<String> copy(List<String> names) {
    return names == null ? List.of() : List.copyOf(names);
  }
}
