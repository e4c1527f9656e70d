package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Sha256Test {

  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void digestOfBytesMatchesTheKnownVector() {
    Sha256 digest = Sha256.of("abc".getBytes(StandardCharsets.US_ASCII));

    assertThat(digest.hex()).isEqualTo(ABC);
    assertThat(digest).hasToString(ABC);
  }

  @Test
  void upperCaseHexIsNormalised() {
    assertThat(Sha256.parse(ABC.toUpperCase())).isEqualTo(new Sha256(ABC));
  }

  @Test
  void constructorTakesOnlyTheCanonicalForm() {
    assertThatThrownBy(() -> new Sha256(ABC.toUpperCase())).isInstanceOf(InvalidIdentifierException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "abc",
      ABC + "0",
      "ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      " a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      "../816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  })
  void anythingButSixtyFourHexDigitsIsRejected(String hex) {
    assertThatThrownBy(() -> Sha256.parse(hex)).isInstanceOf(InvalidIdentifierException.class)
        .hasMessageEndingWith("': expected 64 lowercase hex digits");
  }

  @Test
  void missingDigestIsRejected() {
    assertThatThrownBy(() -> Sha256.parse(null)).isInstanceOf(InvalidIdentifierException.class)
        .hasMessage("SHA-256 digest is missing: expected 64 hex digits");
  }
}
