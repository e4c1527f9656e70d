package dev.bpfforge.btf;

import static dev.bpfforge.btf.BtfBuilder.HDR_LEN;
import static dev.bpfforge.btf.BtfBuilder.STR_LEN;
import static dev.bpfforge.btf.BtfBuilder.STR_OFF;
import static dev.bpfforge.btf.BtfBuilder.TYPE_LEN;
import static dev.bpfforge.btf.BtfBuilder.TYPE_OFF;
import static dev.bpfforge.btf.BtfBuilder.info;
import static dev.bpfforge.btf.BtfBuilder.putU32;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.btf.BtfBuilder.Member;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** A corpus of malformed BTF, each made by changing one thing in a small valid blob. */
class BtfMalformedTest {

  private final BtfBuilder sampleBuilder = BtfBuilder.sample();
  // The sample's layout: 24-byte header, then types, then strings.
  private final byte[] sample = sampleBuilder.build();
  private final int typeLength = Btf.parse(sample).typeSectionLength();
  private final int stringLength = Btf.parse(sample).stringSectionLength();

  private static AbstractThrowableAssert<?, ?> assertRejected(byte[] blob, String message) {
    return assertThatThrownBy(() -> Btf.parse(blob)).isExactlyInstanceOf(InvalidBtfException.class)
        .hasMessage(message);
  }

  // --- header ---

  @Test
  void truncatedHeaderIsRejected() {
    assertRejected(Arrays.copyOf(sample, 10), "BTF too short: 10 bytes, header needs 24");
    assertRejected(new byte[0], "BTF too short: 0 bytes, header needs 24");
  }

  @Test
  void badMagicIsNamed() {
    byte[] blob = sample.clone();
    blob[0] = 0x34;
    blob[1] = 0x12;
    assertRejected(blob, "bad BTF magic 0x1234, expected 0xeb9f");
  }

  @Test
  void unsupportedVersionIsRejected() {
    byte[] blob = sample.clone();
    blob[2] = 2;
    assertRejected(blob, "unsupported BTF version 2");
  }

  @Test
  void nonZeroFlagsAreRejected() {
    byte[] blob = sample.clone();
    blob[3] = 1;
    assertRejected(blob, "unsupported BTF flags 0x01");
  }

  @Test
  void headerLengthBelowMinimumIsRejected() {
    assertRejected(putU32(sample.clone(), HDR_LEN, 8), "BTF header length 8 below minimum 24");
  }

  @Test
  void headerLengthPastEndIsRejected() {
    assertRejected(putU32(sample.clone(), HDR_LEN, 0xffffffffL),
        "BTF header length 4294967295 beyond end of data (" + sample.length + " bytes)");
  }

  @Test
  void unknownHeaderFieldsMustBeZero() {
    byte[] blob = BtfBuilder.sample().headerLength(32).build();
    blob[28] = 7;
    assertRejected(blob, "BTF header length 32: unknown header field at byte 28 is not zero");
  }

  @Test
  void typeSectionPastEndIsNamed() {
    assertRejected(putU32(sample.clone(), TYPE_LEN, 9_000_000 - 24),
        "type section [24, 9000000) beyond end of data (" + sample.length + " bytes)");
  }

  @Test
  void stringSectionPastEndIsNamed() {
    int stringStart = 24 + typeLength;
    assertRejected(putU32(sample.clone(), STR_LEN, 0xffffffffL),
        "string section [" + stringStart + ", " + (stringStart + 0xffffffffL) + ") beyond end of data ("
            + sample.length + " bytes)");
  }

  @Test
  void overlappingSectionsAreRejected() {
    byte[] blob = putU32(sample.clone(), STR_OFF, typeLength - 4);
    putU32(blob, STR_LEN, stringLength + 4);
    assertRejected(blob, "type section and string section overlap");
  }

  @Test
  void stringSectionBeforeTypeSectionIsRejected() {
    // Strings first, then types: the kernel would take it, libbpf (and so bpftool) would not.
    int strings = stringLength;
    int typeOffset = (strings + 3) / 4 * 4;
    byte[] blob = new byte[24 + typeOffset + typeLength];
    System.arraycopy(sample, 0, blob, 0, 24);
    System.arraycopy(sample, 24 + typeLength, blob, 24, strings);
    System.arraycopy(sample, 24, blob, 24 + typeOffset, typeLength);
    putU32(blob, TYPE_OFF, typeOffset);
    putU32(blob, STR_OFF, 0);
    assertRejected(blob, "string section [24, " + (24 + strings) + ") comes before type section ["
        + (24 + typeOffset) + ", " + blob.length + "); types must come first");
  }

  @Test
  void misalignedTypeSectionIsRejected() {
    byte[] blob = putU32(sample.clone(), TYPE_OFF, 2);
    putU32(blob, TYPE_LEN, typeLength - 4);
    assertRejected(blob, "type section offset 2 is not a multiple of 4");
  }

  // --- string section ---

  @Test
  void stringSectionMustEndWithNul() {
    byte[] blob = sample.clone();
    blob[blob.length - 1] = 'x';
    assertRejected(blob, "string section does not end with NUL");
  }

  @Test
  void stringSectionMustStartWithTheEmptyString() {
    byte[] blob = sample.clone();
    blob[24 + typeLength] = 'x';
    assertRejected(blob, "string section does not start with NUL (split BTF needs its base BTF)");
  }

  @Test
  void emptyStringSectionIsRejected() {
    assertRejected(putU32(sample.clone(), STR_LEN, 0),
        "string section is empty; it must at least hold the empty string");
  }

  @Test
  void stringOffsetPastSectionIsNamed() {
    BtfBuilder b = new BtfBuilder();
    b.intType("int", 4, 32);
    b.raw(9123, info(BtfKind.TYPEDEF.code(), 0), 1);
    // The string section is "\0int\0": 5 bytes.
    assertRejected(b.build(), "BTF string offset 9123 beyond string section of 5 bytes (name of type 2)");
  }

  @Test
  void memberNameOffsetPastSectionIsNamed() {
    byte[] blob = putU32(sample.clone(), sampleBuilder.offsetOf(3) + 12 + 12, 0x80000000L);
    assertRejected(blob, "BTF string offset 2147483648 beyond string section of " + stringLength
        + " bytes (name of member 1 of type 3)");
  }

  // --- types ---

  @Test
  void typeIdOutOfRangeIsNamed() {
    BtfBuilder b = new BtfBuilder();
    b.intType("int", 4, 32);
    b.ptr(99999);
    assertRejected(b.build(), "type 2 (kind PTR) refers to type 99999, but only 2 types exist");
  }

  @Test
  void memberTypeOutOfRangeIsNamed() {
    BtfBuilder b = new BtfBuilder();
    b.intType("int", 4, 32);
    b.struct("s", 8, new Member("a", 1, 0), new Member("b", -1, 32));
    assertRejected(b.build(), "type 2 (kind STRUCT) member 1 refers to type 4294967295, but only 2 types exist");
  }

  @Test
  void arrayIndexTypeOutOfRangeIsNamed() {
    BtfBuilder b = new BtfBuilder();
    b.intType("int", 4, 32);
    b.array(1, 3, 8);
    assertRejected(b.build(), "type 2 (kind ARRAY) index refers to type 3, but only 2 types exist");
  }

  @Test
  void funcMustReferToAFuncProto() {
    BtfBuilder b = new BtfBuilder();
    b.intType("int", 4, 32);
    b.func("f", 1);
    assertRejected(b.build(), "type 2 (kind FUNC) refers to type 1 (INT), expected FUNC_PROTO");
  }

  @Test
  void unknownKindIsRejected() {
    BtfBuilder b = BtfBuilder.sample();
    b.raw(0, info(31, 0), 0);
    assertRejected(b.build(), "unknown BTF kind 31 at type 21");
  }

  @Test
  void kindZeroIsOnlyForVoid() {
    BtfBuilder b = new BtfBuilder();
    b.raw(0, info(0, 0), 0);
    assertRejected(b.build(), "unknown BTF kind 0 at type 1");
  }

  @Test
  void memberListPastEndOfTypeSectionIsRejected() {
    BtfBuilder b = new BtfBuilder();
    b.intType("int", 4, 32);
    // Declares 5 members but carries 2.
    b.raw(b.str("s"), info(BtfKind.STRUCT.code(), 5), 8, 0, 1, 0, 0, 1, 32);
    assertRejected(b.build(), "type 2 (STRUCT) member list runs past the end of the type section");
  }

  @Test
  void typeCutOffInsideItsHeaderIsRejected() {
    assertRejected(putU32(sample.clone(), TYPE_LEN, typeLength - 4), "type 20 is cut off: 8 bytes left in the "
        + "type section, its header needs 12");
  }

  @Test
  void vlenOnAKindWithoutEntriesIsRejected() {
    BtfBuilder b = new BtfBuilder();
    b.raw(0, info(BtfKind.PTR.code(), 3), 0);
    assertRejected(b.build(), "type 1 (PTR) has vlen 3; PTR types have no entries");
  }

  @Test
  void unknownFuncLinkageIsRejected() {
    BtfBuilder b = new BtfBuilder();
    int proto = b.funcProto(0);
    b.raw(b.str("f"), info(BtfKind.FUNC.code(), 3), proto);
    assertRejected(b.build(), "type 2 (FUNC) has linkage 3; expected 0 (static), 1 (global) or 2 (extern)");
  }

  @Test
  void reservedInfoBitsAreRejected() {
    BtfBuilder b = new BtfBuilder();
    b.raw(0, info(BtfKind.PTR.code(), 0) | 0x00010000, 0);
    assertRejected(b.build(), "type 1 (PTR) sets reserved info bits 0x00010000");
  }

  @Test
  void declTagComponentBelowMinusOneIsRejected() {
    BtfBuilder b = new BtfBuilder();
    b.intType("int", 4, 32);
    b.declTag("t", 1, -2);
    assertRejected(b.build(), "type 2 (kind DECL_TAG) component index -2 is below -1");
  }

  // --- loops ---

  @Test
  void typedefLoopIsRejected() {
    BtfBuilder b = new BtfBuilder();
    b.intType("int", 4, 32);
    b.typedef("a", 3);
    b.typedef("b", 2);
    assertRejected(b.build(), "type loop: 2 -> 3 -> 2");
  }

  @Test
  void modifierSelfLoopIsRejected() {
    BtfBuilder b = new BtfBuilder();
    b.modifier(BtfKind.CONST, 1);
    assertRejected(b.build(), "type loop: 1 -> 1");
  }

  @Test
  void loopThroughEveryModifierKindIsRejected() {
    BtfBuilder b = new BtfBuilder();
    b.modifier(BtfKind.CONST, 2);
    b.modifier(BtfKind.VOLATILE, 3);
    b.modifier(BtfKind.RESTRICT, 4);
    b.typeTag("tag", 5);
    b.typedef("t", 1);
    assertRejected(b.build(), "type loop: 1 -> 2 -> 3 -> 4 -> 5 -> 1");
  }

  @Test
  void arrayOfItselfIsRejected() {
    BtfBuilder b = new BtfBuilder();
    b.intType("int", 4, 32);
    b.array(3, 1, 4);
    b.typedef("arr_t", 2);
    assertRejected(b.build(), "type loop: 2 -> 3 -> 2");
  }

  @Test
  void structContainingItselfByValueIsRejected() {
    BtfBuilder b = new BtfBuilder();
    b.intType("int", 4, 32);
    b.struct("s", 8, new Member("a", 1, 0), new Member("self", 2, 32));
    assertRejected(b.build(), "type loop: 2 -> 2");
  }

  @Test
  void pointerLoopWithoutAStructIsRejected() {
    // A pointer to a const pointer to itself: no C declaration can produce it.
    BtfBuilder b = new BtfBuilder();
    b.ptr(2);
    b.modifier(BtfKind.CONST, 1);
    assertRejected(b.build(), "type loop: 1 -> 2 -> 1");
  }

  @Test
  void loopIsReportedFromWhereItStarts() {
    BtfBuilder b = new BtfBuilder();
    b.typedef("entry", 2);
    b.typedef("a", 3);
    b.typedef("b", 2);
    assertRejected(b.build(), "type loop: 2 -> 3 -> 2");
  }
}
