package dev.bpfforge.btf;

import java.util.StringJoiner;

/**
 * Finds reference cycles that no C type can have. A cycle through a pointer into a struct is
 * normal ({@code struct list_head}); but the kernel rejects, and tools that walk BTF (bpftool's
 * C dumper) would recurse forever on, two kinds of cycle:
 *
 * <ul>
 *   <li>by value: modifiers and typedefs, array elements, struct and union members, which would
 *       make a type contain itself;
 *   <li>by pointer alone: modifiers, typedefs and pointers with no struct in between, e.g. a
 *       pointer to a const pointer to itself.
 * </ul>
 *
 * <p>Both are found with an iterative depth-first search (no recursion, so a chain of 100 000
 * typedefs cannot overflow the stack), in time linear in types plus references. Runs only after
 * {@link TypeReferences} has checked that every reference is in range.
 */
final class TypeLoopCheck {

  private static final byte UNSEEN = 0;
  private static final byte ON_PATH = 1;
  private static final byte DONE = 2;

  private final TypeTable types;
  private final boolean throughPointers;
  private final byte[] state;
  private final int[] path;
  private final int[] nextEdge;

  private TypeLoopCheck(TypeTable types, boolean throughPointers) {
    this.types = types;
    this.throughPointers = throughPointers;
    this.state = new byte[types.count() + 1];
    this.path = new int[types.count() + 1];
    this.nextEdge = new int[types.count() + 1];
    state[0] = DONE; // void refers to nothing
  }

  static void check(TypeTable types) {
    new TypeLoopCheck(types, false).run();
    new TypeLoopCheck(types, true).run();
  }

  private void run() {
    for (int root = 1; root <= types.count(); root++) {
      if (state[root] == UNSEEN && edgeCount(root) > 0) {
        walkFrom(root);
      } else {
        state[root] = DONE;
      }
    }
  }

  private void walkFrom(int root) {
    int depth = 0;
    path[depth] = root;
    nextEdge[depth] = 0;
    state[root] = ON_PATH;
    depth++;
    while (depth > 0) {
      int node = path[depth - 1];
      int edge = nextEdge[depth - 1];
      if (edge < edgeCount(node)) {
        nextEdge[depth - 1]++;
        int target = edgeTarget(node, edge);
        if (state[target] == ON_PATH) {
          throw loop(depth, target);
        }
        if (state[target] == UNSEEN) {
          state[target] = ON_PATH;
          path[depth] = target;
          nextEdge[depth] = 0;
          depth++;
        }
      } else {
        state[node] = DONE;
        depth--;
      }
    }
  }

  private int edgeCount(int id) {
    BtfKind kind = types.kind(id);
    if (kind.isModifier()) {
      return 1;
    }
    return switch (kind) {
      case PTR -> throughPointers ? 1 : 0;
      case ARRAY -> throughPointers ? 0 : 1;
      case STRUCT, UNION -> throughPointers ? 0 : types.vlen(id);
      default -> 0;
    };
  }

  private int edgeTarget(int id, int edge) {
    return switch (types.kind(id)) {
      case ARRAY -> types.extraWord(id, 0);
      case STRUCT, UNION -> types.extraWord(id, 3 * edge + 1);
      default -> types.sizeOrType(id);
    };
  }

  private InvalidBtfException loop(int depth, int target) {
    int start = depth - 1;
    while (path[start] != target) {
      start--;
    }
    StringJoiner cycle = new StringJoiner(" -> ", "type loop: ", " -> " + target);
    for (int i = start; i < depth; i++) {
      cycle.add(Integer.toString(path[i]));
    }
    return new InvalidBtfException(cycle.toString());
  }
}
