package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BtfTest {

  private final byte[] sample = BtfBuilder.sample().build();

  @Test
  void sampleWithEveryKindParses() {
    Btf btf = Btf.parse(sample);

    assertThat(btf.typeCount()).isEqualTo(20);
    assertThat(IntStream.rangeClosed(1, 19).mapToObj(btf::kind)).containsExactly(
        BtfKind.INT, BtfKind.PTR, BtfKind.STRUCT, BtfKind.TYPEDEF, BtfKind.ENUM, BtfKind.FUNC_PROTO,
        BtfKind.FUNC, BtfKind.CONST, BtfKind.VOLATILE, BtfKind.RESTRICT, BtfKind.ARRAY, BtfKind.UNION,
        BtfKind.FLOAT, BtfKind.FWD, BtfKind.VAR, BtfKind.DATASEC, BtfKind.DECL_TAG, BtfKind.TYPE_TAG,
        BtfKind.ENUM64);
    assertThat(btf.version()).isEqualTo(1);
    assertThat(btf.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void sectionLengthsComeFromTheHeader() {
    Btf btf = Btf.parse(sample);

    assertThat(btf.typeSectionLength() + btf.stringSectionLength() + 24).isEqualTo(sample.length);
    assertThat(btf.size()).isEqualTo(sample.length);
  }

  @Test
  void typeZeroIsAnonymousVoid() {
    Btf btf = Btf.parse(sample);

    assertThat(btf.kind(0)).isEqualTo(BtfKind.VOID);
    assertThat(btf.name(0)).isEmpty();
  }

  @Test
  void namesAreReadFromTheStringSection() {
    Btf btf = Btf.parse(sample);

    assertThat(btf.name(1)).isEqualTo("int");
    assertThat(btf.name(2)).isEmpty();
    assertThat(btf.name(3)).isEqualTo("node");
  }

  @Test
  void findTypeMatchesNameAndKind() {
    Btf btf = Btf.parse(sample);

    assertThat(btf.findType("node", BtfKind.STRUCT)).hasValue(3);
    assertThat(btf.findType("node_t", BtfKind.TYPEDEF)).hasValue(4);
    assertThat(btf.findType("node", BtfKind.UNION)).isEmpty();
    assertThat(btf.findType("nod", BtfKind.STRUCT)).isEmpty();
    assertThat(btf.findType("node\0", BtfKind.STRUCT)).isEmpty();
    assertThat(btf.findType("", BtfKind.PTR)).as("anonymous types are not found by name").isEmpty();
  }

  @Test
  void enumeratorsAreListedInOrderForEnumAndEnum64() {
    Btf btf = Btf.parse(sample);

    assertThat(btf.enumerators("color")).containsExactly("RED", "GREEN", "BLUE");
    assertThat(btf.enumerators("big")).containsExactly("BIG_A", "BIG_B");
    assertThat(btf.enumerators("no_such_enum")).isEmpty();
  }

  @Test
  void idsOutsideTheTableAreProgrammingErrors() {
    Btf btf = Btf.parse(sample);

    assertThatThrownBy(() -> btf.kind(21)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> btf.name(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void bytesAreACopyOfTheInput() {
    byte[] input = sample.clone();
    Btf btf = Btf.parse(input);
    input[30] ^= 0x55;
    btf.bytes()[30] ^= 0x55;

    assertThat(btf.bytes()).isEqualTo(sample);
  }

  @Test
  void bigEndianBtfParsesToTheSameTypes() {
    Btf little = Btf.parse(sample);
    Btf big = Btf.parse(BtfBuilder.sample().build(ByteOrder.BIG_ENDIAN));

    assertThat(big.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
    assertThat(big.typeCount()).isEqualTo(little.typeCount());
    for (int id = 0; id <= little.typeCount(); id++) {
      assertThat(big.kind(id)).isEqualTo(little.kind(id));
      assertThat(big.name(id)).isEqualTo(little.name(id));
    }
    assertThat(big.enumerators("big")).containsExactly("BIG_A", "BIG_B");
  }

  @Test
  void longerHeaderWithZeroPaddingIsAccepted() {
    Btf btf = Btf.parse(BtfBuilder.sample().headerLength(32).build());

    assertThat(btf.typeCount()).isEqualTo(20);
  }

  @Test
  void btfWithNoTypesIsAccepted() {
    Btf btf = Btf.parse(new BtfBuilder().build());

    assertThat(btf.typeCount()).isZero();
    assertThat(btf.findType("int", BtfKind.INT)).isEmpty();
  }

  @Test
  void pointerCycleThroughAStructIsLegal() {
    // struct list_head { struct list_head *next, *prev; }
    BtfBuilder b = new BtfBuilder();
    b.struct("list_head", 16, new BtfBuilder.Member("next", 2, 0), new BtfBuilder.Member("prev", 2, 64));
    b.ptr(1);

    assertThat(Btf.parse(b.build()).typeCount()).isEqualTo(2);
  }

  @Test
  void pointerToConstOfTheEnclosingStructIsLegal() {
    // struct node { const struct node *parent; }
    BtfBuilder b = new BtfBuilder();
    b.struct("node", 8, new BtfBuilder.Member("parent", 2, 0));
    b.ptr(3);
    b.modifier(BtfKind.CONST, 1);

    assertThat(Btf.parse(b.build()).typeCount()).isEqualTo(3);
  }
}
