package dev.bpfforge.service.kernel;

import dev.bpfforge.btf.Btf;
import dev.bpfforge.btf.BtfKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a kernel's {@link KernelFeatureSet} from its own BTF: the enums the kernel's UAPI declares
 * are the features its verifier knows. A stand-in until btf-store's {@code KernelFeatures.from(Btf)}
 * lands; then this class becomes a mapping from that.
 */
final class KernelFeatureReader {
  /** One highlight: its name and how to tell from the read enums whether the kernel has it. */
  private record Highlight(String name, Predicate<Read> test) {}

  /** The enums, read once per kernel (each lookup scans every type). */
  private record Read(List<String> maps, List<String> progs, List<String> attaches, List<String> helpers, Set<String> commands, Btf btf) {}

  // Upstream releases that introduced each: ringbuf 5.8, user_ringbuf 6.1, task_storage 5.11, arena 6.9,
  // bpf_link 5.7, fentry 5.5, iterators 5.8, lsm 5.7, struct_ops 5.6, kprobe_multi 5.18, uprobe_multi 6.6,
  // tcx 6.6, netkit 6.7, bpf_loop 5.17, attach_cookie 5.15, bpf_timer 5.15, dynptr 5.19, kfuncs 5.18.
  // Distro kernels backport: that is why these are read from each kernel, not from its version.
  private static final List<Highlight> HIGHLIGHTS = List.of(
      new Highlight("ringbuf", r -> r.maps().contains("ringbuf")),
      new Highlight("user_ringbuf", r -> r.maps().contains("user_ringbuf")),
      new Highlight("task_storage", r -> r.maps().contains("task_storage")),
      new Highlight("arena", r -> r.maps().contains("arena")),
      new Highlight("bpf_link", r -> r.commands().contains("BPF_LINK_CREATE")),
      new Highlight("fentry", r -> r.attaches().contains("trace_fentry")),
      new Highlight("iterators", r -> r.attaches().contains("trace_iter")),
      new Highlight("lsm", r -> r.progs().contains("lsm")),
      new Highlight("struct_ops", r -> r.progs().contains("struct_ops")),
      new Highlight("kprobe_multi", r -> r.attaches().contains("trace_kprobe_multi")),
      new Highlight("uprobe_multi", r -> r.attaches().contains("trace_uprobe_multi")),
      new Highlight("tcx", r -> r.attaches().contains("tcx_ingress")),
      new Highlight("netkit", r -> r.attaches().contains("netkit_primary")),
      new Highlight("bpf_loop", r -> r.helpers().contains("bpf_loop")),
      new Highlight("attach_cookie", r -> r.helpers().contains("bpf_get_attach_cookie")),
      new Highlight("bpf_timer", r -> r.helpers().contains("bpf_timer_init")),
      new Highlight("dynptr", r -> r.helpers().contains("bpf_dynptr_from_mem")),
      // Kfuncs callable from every program type were opened up by the generic registration API
      // (struct btf_kfunc_id_set, 5.18); before that a handful existed for networking programs only.
      new Highlight("kfuncs", r -> r.btf().findType("btf_kfunc_id_set", BtfKind.STRUCT).isPresent()));

  private KernelFeatureReader() {}

  static KernelFeatureSet read(Btf btf) {
    Read read = new Read(
        names(btf, "bpf_map_type", "BPF_MAP_TYPE_", ""),
        names(btf, "bpf_prog_type", "BPF_PROG_TYPE_", ""),
        names(btf, "bpf_attach_type", "BPF_", ""),
        names(btf, "bpf_func_id", "BPF_FUNC_", "bpf_"),
        Set.copyOf(btf.enumerators("bpf_cmd")),
        btf);
    Map<String, Boolean> highlights = new LinkedHashMap<>();
    HIGHLIGHTS.forEach(h -> highlights.put(h.name(), h.test().test(read)));
    return new KernelFeatureSet(read.maps(), read.progs(), read.attaches(), read.helpers(), highlights);
  }

  /**
   * Enumerators of {@code enumName} as bpftool names them: the UAPI prefix dropped, lower case,
   * sentinels ({@code BPF_*_UNSPEC}, {@code __MAX_*}) left out.
   */
  private static List<String> names(Btf btf, String enumName, String prefix, String replacement) {
    return btf.enumerators(enumName).stream()
        .filter(e -> e.startsWith(prefix) && !e.startsWith("__"))
        .map(e -> e.substring(prefix.length()))
        .filter(e -> !e.equalsIgnoreCase("unspec"))
        .map(e -> replacement + e.toLowerCase(Locale.ROOT))
        .toList();
  }
}
