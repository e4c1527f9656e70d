package dev.bpfforge.btf;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a kernel supports for BPF, read from its own BTF: the enumerators of the UAPI enums the
 * kernel was built with ({@code bpf_map_type}, {@code bpf_prog_type}, {@code bpf_attach_type},
 * {@code bpf_func_id}, {@code bpf_link_type}), the BTF kinds it uses, and the functions its BTF
 * tags as kfuncs.
 *
 * <p>An enumerator's presence means the kernel's build knew the feature; a distribution can still
 * disable it in its configuration (no LSM programs without {@code CONFIG_BPF_LSM}), which BTF
 * does not record. Sentinels ({@code __MAX_BPF_MAP_TYPE}) and {@code UNSPEC} entries are left out.
 *
 * @param mapTypes e.g. {@code BPF_MAP_TYPE_RINGBUF}
 * @param progTypes e.g. {@code BPF_PROG_TYPE_LSM}
 * @param attachTypes e.g. {@code BPF_TRACE_FENTRY}
 * @param helpers e.g. {@code BPF_FUNC_loop}
 * @param linkTypes e.g. {@code BPF_LINK_TYPE_TRACING}; empty before 5.8, which had BPF links
 *     without the enum
 * @param btfKinds the BTF kinds the kernel's BTF uses, e.g. {@code ENUM64}
 * @param kfuncs functions tagged {@code bpf_kfunc} by a DECL_TAG. Only kernels from 6.11 built
 *     with pahole 1.27 or later tag them; older kernels have kfuncs that BTF alone cannot show,
 *     so an empty set means "not known", not "none"
 * @param bpfLinkStruct whether {@code struct bpf_link} exists (BPF links, from 5.7)
 */
public record KernelFeatures(SortedSet<String> mapTypes, SortedSet<String> progTypes, SortedSet<String> attachTypes,
                             SortedSet<String> helpers, SortedSet<String> linkTypes, Set<BtfKind> btfKinds,
                             SortedSet<String> kfuncs, boolean bpfLinkStruct) {

  private static final String KFUNC_TAG = "bpf_kfunc";

  public KernelFeatures {
    mapTypes = frozen(mapTypes);
    progTypes = frozen(progTypes);
    attachTypes = frozen(attachTypes);
    helpers = frozen(helpers);
    linkTypes = frozen(linkTypes);
    kfuncs = frozen(kfuncs);
    btfKinds = Collections.unmodifiableSet(btfKinds.isEmpty() ? EnumSet.noneOf(BtfKind.class) : EnumSet.copyOf(btfKinds));
  }

  /** Reads the features of the kernel whose BTF this is. */
  public static KernelFeatures of(Btf btf) {
    Objects.requireNonNull(btf, "btf");
    Set<BtfKind> kinds = EnumSet.noneOf(BtfKind.class);
    SortedSet<String> kfuncs = new TreeSet<>();
    for (int id = 1; id <= btf.typeCount(); id++) {
      BtfKind kind = btf.kind(id);
      kinds.add(kind);
      if (kind == BtfKind.DECL_TAG && btf.name(id).equals(KFUNC_TAG)) {
        int target = btf.referencedType(id);
        if (btf.kind(target) == BtfKind.FUNC) {
          kfuncs.add(btf.name(target));
        }
      }
    }
    return new KernelFeatures(enumerators(btf, "bpf_map_type"), enumerators(btf, "bpf_prog_type"),
        enumerators(btf, "bpf_attach_type"), enumerators(btf, "bpf_func_id"), enumerators(btf, "bpf_link_type"),
        kinds, kfuncs, btf.findType("bpf_link", BtfKind.STRUCT).isPresent());
  }

  /**
   * Features users ask about, by name, each true or false: {@code ringbuf} (5.8),
   * {@code user_ringbuf} (6.1), {@code bpf_loop} (5.17), {@code bpf_link} (5.7), {@code fentry}
   * (5.5), {@code lsm} (5.7), {@code struct_ops} (5.6), {@code iterators} (5.8),
   * {@code sleepable} (5.10: the {@code bpf_copy_from_user} helper, which only sleepable programs
   * may call, stands for it; BPF_F_SLEEPABLE is a macro and not in BTF), {@code timers} (5.15),
   * {@code dynptr} (6.0), {@code kprobe_multi} (5.18), {@code uprobe_multi} (6.6), {@code tcx}
   * (6.6), {@code arena} (6.9), {@code kfunc_tags} (kfuncs marked in BTF, see {@link #kfuncs}),
   * and the BTF kinds {@code btf_enum64}, {@code btf_type_tag}, {@code btf_decl_tag}.
   */
  public Map<String, Boolean> highlights() {
    Map<String, Boolean> h = new LinkedHashMap<>();
    h.put("ringbuf", mapTypes.contains("BPF_MAP_TYPE_RINGBUF"));
    h.put("user_ringbuf", mapTypes.contains("BPF_MAP_TYPE_USER_RINGBUF"));
    h.put("bpf_loop", helpers.contains("BPF_FUNC_loop"));
    h.put("bpf_link", bpfLinkStruct || !linkTypes.isEmpty());
    h.put("fentry", attachTypes.contains("BPF_TRACE_FENTRY"));
    h.put("lsm", progTypes.contains("BPF_PROG_TYPE_LSM"));
    h.put("struct_ops", progTypes.contains("BPF_PROG_TYPE_STRUCT_OPS"));
    h.put("iterators", attachTypes.contains("BPF_TRACE_ITER"));
    h.put("sleepable", helpers.contains("BPF_FUNC_copy_from_user"));
    h.put("timers", helpers.contains("BPF_FUNC_timer_init"));
    h.put("dynptr", helpers.contains("BPF_FUNC_dynptr_from_mem"));
    h.put("kprobe_multi", attachTypes.contains("BPF_TRACE_KPROBE_MULTI"));
    h.put("uprobe_multi", attachTypes.contains("BPF_TRACE_UPROBE_MULTI"));
    h.put("tcx", attachTypes.contains("BPF_TCX_INGRESS"));
    h.put("arena", mapTypes.contains("BPF_MAP_TYPE_ARENA"));
    h.put("kfunc_tags", !kfuncs.isEmpty());
    h.put("btf_enum64", btfKinds.contains(BtfKind.ENUM64));
    h.put("btf_type_tag", btfKinds.contains(BtfKind.TYPE_TAG));
    h.put("btf_decl_tag", btfKinds.contains(BtfKind.DECL_TAG));
    return Collections.unmodifiableMap(h);
  }

  private static SortedSet<String> enumerators(Btf btf, String enumName) {
    SortedSet<String> names = new TreeSet<>();
    for (String name : btf.enumerators(enumName)) {
      // Sentinels (__MAX_BPF_PROG_TYPE, __BPF_FUNC_MAX_ID) and "no such thing" (BPF_MAP_TYPE_UNSPEC).
      if (!name.startsWith("__") && !name.endsWith("UNSPEC") && !name.endsWith("_unspec")) {
        names.add(name);
      }
    }
    return names;
  }

  private static SortedSet<String> frozen(SortedSet<String> set) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(set));
  }
}
