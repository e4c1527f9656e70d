package dev.bpfforge.service.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.service.api.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourcePathTest {
  private static final int DEPTH = 16;

  private static SourcePath parse(String raw) {
    return SourcePath.parse(raw, "file", DEPTH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bpf.c", "src/x.h", "inc/linux/my-types_v2.h", "a b.h", "x+y@z=w,v.h"})
  void safeRelativePathIsAcceptedUnchanged(String raw) {
    assertThat(parse(raw).value()).isEqualTo(raw);
  }

  @Test
  void leadingDotSlashIsDropped() {
    assertThat(parse("./a.h").value()).isEqualTo("a.h");
    assertThat(parse("./src/a.h").value()).isEqualTo("src/a.h");
  }

  @Test
  void trailingSlashOfADirectoryIsDropped() {
    assertThat(parse("inc/").value()).isEqualTo("inc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../a.h", "a/..", "a/../b", "a/../../etc/passwd", "./../a.h"})
  void pathWithDotDotIsRejected(String raw) {
    assertThatThrownBy(() -> parse(raw))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("file"))
        .hasMessageContaining("'..'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "/a.h", "//a.h"})
  void absolutePathIsRejected(String raw) {
    assertThatThrownBy(() -> parse(raw))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("absolute");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a//b", "a/./b", ".", "./", "./.", "/", "a//"})
  void emptyOrDotSegmentIsRejected(String raw) {
    assertThatThrownBy(() -> parse(raw)).isInstanceOf(InvalidRequestException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b.h", "a.h\u0000", "a\nb.h", "a\tb.h", "a\rb.h", "a\u001bb.h", "a\u007fb.h"})
  void nulAndControlCharactersAreRejected(String raw) {
    assertThatThrownBy(() -> parse(raw)).isInstanceOf(InvalidRequestException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\\b.h", "..\\a.h", "C:\\x.h"})
  void backslashIsRejected(String raw) {
    assertThatThrownBy(() -> parse(raw)).isInstanceOf(InvalidRequestException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"é.h", "src/ü/a.h", "a\u2215b.h", "\uff0e\uff0e/a.h", "a\u00a0.h", "\ud83d\ude00.h"})
  void nonAsciiIsRejected(String raw) {
    assertThatThrownBy(() -> parse(raw)).isInstanceOf(InvalidRequestException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"'", "\"", "$", "`", ";", "*", "?", "<", ">", "|", "&", ":", "~"})
  void shellAndGlobCharactersAreRejected(String c) {
    assertThatThrownBy(() -> parse("a" + c + "b.h")).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void emptyPathIsRejectedNamingTheField() {
    assertThatThrownBy(() -> SourcePath.parse("", "entry", DEPTH))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("entry"));
    assertThatThrownBy(() -> SourcePath.parse(null, "entry", DEPTH)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void pathAtTheDepthLimitIsAcceptedAndOneDeeperIsRejected() {
    assertThat(SourcePath.parse("a/b/c.h", "file", 3).value()).isEqualTo("a/b/c.h");
    assertThatThrownBy(() -> SourcePath.parse("a/b/c/d.h", "file", 3))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("deeper than 3");
  }

  @Test
  void pathOf1024CharactersIsAcceptedAnd1025IsRejected() {
    String max = "a".repeat(SourcePath.MAX_LENGTH);
    assertThat(parse(max).value()).isEqualTo(max);
    assertThatThrownBy(() -> parse(max + "b"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("longer than 1024");
  }

  @Test
  void errorMessageEscapesControlCharactersOfTheRejectedPath() {
    assertThatThrownBy(() -> parse("/etc/\u001b[31mred\u0000"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("/etc/\\u001b[31mred\\u0000")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b").doesNotContain("\u0000"));
  }

  @Test
  void printableEscapesControlAndNonAsciiAndKeepsAscii() {
    assertThat(SourcePath.printable("plain/path.h")).isEqualTo("plain/path.h");
    assertThat(SourcePath.printable("a\nb\u0007c\u007f")).isEqualTo("a\\u000ab\\u0007c\\u007f");
    assertThat(SourcePath.printable("é")).isEqualTo("\\u00e9");
  }

  @Test
  void printableCutsVeryLongInput() {
    assertThat(SourcePath.printable("x".repeat(10_000))).hasSizeLessThanOrEqualTo(200);
  }

  @Test
  void stemDropsBpfCAndCSuffixes() {
    assertThat(parse("execsnoop.bpf.c").stem()).isEqualTo("execsnoop");
    assertThat(parse("x.c").stem()).isEqualTo("x");
    assertThat(parse("progs/xdp.count.bpf.c").stem()).isEqualTo("xdp.count");
  }

  @Test
  void stemKeepsNamesThatAreOnlyASuffixOrNotC() {
    assertThat(parse(".c").stem()).isEqualTo(".c");
    assertThat(parse(".bpf.c").stem()).isEqualTo(".bpf");
    assertThat(parse("a.h").stem()).isEqualTo("a.h");
  }

  @Test
  void parentIsTheDirectoryOrEmptyAtTheTop() {
    assertThat(parse("a/b/c.h").parent()).isEqualTo("a/b");
    assertThat(parse("bpf.c").parent()).isEmpty();
    assertThat(parse("a/b/c.h").fileName()).isEqualTo("c.h");
  }

  @Test
  void isCSourceOnlyForDotC() {
    assertThat(parse("x.bpf.c").isCSource()).isTrue();
    assertThat(parse("x.h").isCSource()).isFalse();
    assertThat(parse("x.cc").isCSource()).isFalse();
  }
}
