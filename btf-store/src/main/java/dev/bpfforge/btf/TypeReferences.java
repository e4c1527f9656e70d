package dev.bpfforge.btf;

/**
 * Checks what types point at: every type id a type refers to exists, every name offset lies in
 * the string section, and a FUNC refers to a FUNC_PROTO. After this, following any reference or
 * reading any name cannot go out of bounds.
 */
final class TypeReferences {

  private final TypeTable types;
  private final StringTable strings;

  private TypeReferences(TypeTable types, StringTable strings) {
    this.types = types;
    this.strings = strings;
  }

  static void check(TypeTable types, StringTable strings) {
    TypeReferences check = new TypeReferences(types, strings);
    for (int id = 1; id <= types.count(); id++) {
      check.checkType(id);
    }
  }

  private void checkType(int id) {
    BtfKind kind = types.kind(id);
    checkName(types.nameOffset(id), id, null, 0);
    if (kind.refersToType()) {
      checkRef(id, kind == BtfKind.FUNC_PROTO ? "return type" : null, -1, types.sizeOrType(id));
    }
    int vlen = types.vlen(id);
    switch (kind) {
      case ARRAY -> {
        checkRef(id, "element", -1, types.extraWord(id, 0));
        checkRef(id, "index", -1, types.extraWord(id, 1));
      }
      case STRUCT, UNION -> {
        for (int i = 0; i < vlen; i++) {
          checkName(types.extraWord(id, 3 * i), id, "member", i);
          checkRef(id, "member", i, types.extraWord(id, 3 * i + 1));
        }
      }
      case ENUM -> {
        for (int i = 0; i < vlen; i++) {
          checkName(types.extraWord(id, 2 * i), id, "enumerator", i);
        }
      }
      case ENUM64 -> {
        for (int i = 0; i < vlen; i++) {
          checkName(types.extraWord(id, 3 * i), id, "enumerator", i);
        }
      }
      case FUNC_PROTO -> {
        for (int i = 0; i < vlen; i++) {
          checkName(types.extraWord(id, 2 * i), id, "parameter", i);
          checkRef(id, "parameter", i, types.extraWord(id, 2 * i + 1));
        }
      }
      case DATASEC -> {
        for (int i = 0; i < vlen; i++) {
          checkRef(id, "variable", i, types.extraWord(id, 3 * i));
        }
      }
      case FUNC -> checkFuncTarget(id);
      case DECL_TAG -> checkComponentIndex(id);
      default -> {
        // INT, PTR, FWD, modifiers, VAR, FLOAT, TYPE_TAG: nothing beyond the name and type field.
      }
    }
  }

  /**
   * @param entry "member", "enumerator" or "parameter" for an entry's name, null for the type's
   *     own name; messages are built only on failure, as this runs for every entry of every type
   */
  private void checkName(int offset, int id, String entry, int index) {
    if (!strings.contains(offset)) {
      String where = entry == null ? "name of type " + id : "name of " + entry + " " + index + " of type " + id;
      throw InvalidBtfException.of("BTF string offset %s beyond string section of %d bytes (%s)",
          Integer.toUnsignedString(offset), strings.length(), where);
    }
  }

  /**
   * @param role which reference of the type, e.g. "member", or null for its type field
   * @param index the entry's index for roles that have one, else -1
   */
  private void checkRef(int id, String role, int index, int target) {
    if (!types.contains(target)) {
      String what = role == null ? "" : index < 0 ? " " + role : " " + role + " " + index;
      throw InvalidBtfException.of("type %d (kind %s)%s refers to type %s, but only %d types exist",
          id, types.kind(id), what, Integer.toUnsignedString(target), types.count());
    }
  }

  private void checkFuncTarget(int id) {
    int proto = types.sizeOrType(id);
    if (types.kind(proto) != BtfKind.FUNC_PROTO) {
      throw InvalidBtfException.of("type %d (kind FUNC) refers to type %d (%s), expected FUNC_PROTO",
          id, proto, types.kind(proto));
    }
  }

  private void checkComponentIndex(int id) {
    int component = types.extraWord(id, 0);
    if (component < -1) {
      throw InvalidBtfException.of("type %d (kind DECL_TAG) component index %d is below -1", id, component);
    }
  }
}
