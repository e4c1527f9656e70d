package dev.bpfforge.btf;

/**
 * The kinds of BTF type, numbered as in the kernel's {@code include/uapi/linux/btf.h}.
 *
 * <p>Each type record is a 12-byte {@code struct btf_type} followed by kind-specific data: a
 * fixed part and/or {@code vlen} entries (members, enumerators, parameters, ...).
 */
public enum BtfKind {
  /** {@code BTF_KIND_UNKN}: only the implicit type 0, {@code void}. */
  VOID(0, 0, 0, null),
  INT(1, 4, 0, "encoding"),
  PTR(2, 0, 0, null),
  ARRAY(3, 12, 0, "array info"),
  STRUCT(4, 0, 12, "member list"),
  UNION(5, 0, 12, "member list"),
  ENUM(6, 0, 8, "enumerator list"),
  FWD(7, 0, 0, null),
  TYPEDEF(8, 0, 0, null),
  VOLATILE(9, 0, 0, null),
  CONST(10, 0, 0, null),
  RESTRICT(11, 0, 0, null),
  FUNC(12, 0, 0, null),
  FUNC_PROTO(13, 0, 8, "parameter list"),
  VAR(14, 4, 0, "linkage"),
  DATASEC(15, 0, 12, "variable list"),
  FLOAT(16, 0, 0, null),
  DECL_TAG(17, 4, 0, "component index"),
  TYPE_TAG(18, 0, 0, null),
  ENUM64(19, 0, 12, "enumerator list");

  private static final BtfKind[] BY_CODE = values();

  private final int code;
  private final int fixedExtraBytes;
  private final int bytesPerEntry;
  private final String extraName;

  BtfKind(int code, int fixedExtraBytes, int bytesPerEntry, String extraName) {
    this.code = code;
    this.fixedExtraBytes = fixedExtraBytes;
    this.bytesPerEntry = bytesPerEntry;
    this.extraName = extraName;
  }

  /** The {@code BTF_KIND_*} number. */
  public int code() {
    return code;
  }

  /** The kind with this {@code BTF_KIND_*} number, or {@code null} if there is none. */
  static BtfKind ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  /** Whether {@code vlen} counts trailing entries, rather than having to be 0 (or, for FUNC, the linkage). */
  boolean hasEntries() {
    return bytesPerEntry > 0;
  }

  /** Bytes that follow the 12-byte {@code struct btf_type} for a type of this kind. */
  int extraBytes(int vlen) {
    return fixedExtraBytes + vlen * bytesPerEntry;
  }

  /** What the trailing data is called in messages, e.g. "member list". */
  String extraName() {
    return extraName;
  }

  /** Kinds whose third {@code btf_type} field is a type id rather than a size. */
  boolean refersToType() {
    return switch (this) {
      case PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO, VAR, DECL_TAG, TYPE_TAG -> true;
      default -> false;
    };
  }

  /** Kinds that only qualify or rename the type they refer to. */
  boolean isModifier() {
    return switch (this) {
      case TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG -> true;
      default -> false;
    };
  }
}
