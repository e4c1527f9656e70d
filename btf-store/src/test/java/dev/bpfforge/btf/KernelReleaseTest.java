package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KernelReleaseTest {

  @ParameterizedTest
  @CsvSource({
      "6.1.0-50-amd64, 6, 1, 0",
      "5.10.0-32-amd64, 5, 10, 0",
      "6.18.44-fc-v782, 6, 18, 44",
      "5.15.0-1034-azure, 5, 15, 0",
      "4.18.0-425.3.1.el8.x86_64, 4, 18, 0",
      "6.8, 6, 8, 0",
      "6.9-rc1, 6, 9, 0",
      "6.6.30+rpt-rpi-v8, 6, 6, 30",
  })
  void realReleasesParseWithTheirVersion(String release, int major, int minor, int patch) {
    KernelRelease parsed = KernelRelease.parse(release);

    assertThat(parsed.value()).isEqualTo(release);
    assertThat(parsed).hasToString(release);
    assertThat(parsed.major()).isEqualTo(major);
    assertThat(parsed.minor()).isEqualTo(minor);
    assertThat(parsed.patch()).isEqualTo(patch);
  }

  @Test
  void emptyReleaseIsRejected() {
    assertThatThrownBy(() -> KernelRelease.parse("")).isInstanceOf(InvalidIdentifierException.class)
        .hasMessage("kernel release is empty: expected e.g. 6.1.0-50-amd64");
    assertThatThrownBy(() -> KernelRelease.parse(null)).isInstanceOf(InvalidIdentifierException.class);
  }

  @Test
  void pathTraversalIsRejected() {
    assertThatThrownBy(() -> KernelRelease.parse("../etc")).isInstanceOf(InvalidIdentifierException.class)
        .hasMessage("kernel release '../etc' contains characters other than letters, digits and . _ + ~ -");
    assertThatThrownBy(() -> KernelRelease.parse("6.1..0")).isInstanceOf(InvalidIdentifierException.class)
        .hasMessage("kernel release '6.1..0' must not contain '..'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "6.1.0 amd64", "6.1/0", "6.1\n", "6.1\0", "6.1.0-50-amd64;rm"})
  void charactersOutsideTheAllowedSetAreRejected(String release) {
    assertThatThrownBy(() -> KernelRelease.parse(release)).isInstanceOf(InvalidIdentifierException.class)
        .hasMessageContaining("contains characters other than letters, digits and . _ + ~ -")
        .hasMessageNotContaining("\n");
  }

  @Test
  void overlongReleaseIsRejected() {
    String release = "6.1." + "0".repeat(196);

    assertThatThrownBy(() -> KernelRelease.parse(release)).isInstanceOf(InvalidIdentifierException.class)
        .hasMessage("kernel release is 200 characters long, at most 128 allowed");
  }

  @Test
  void releaseOf128CharactersIsAccepted() {
    assertThat(KernelRelease.parse("6.1.0-" + "a".repeat(122)).value()).hasSize(128);
  }

  @ParameterizedTest
  @ValueSource(strings = {"linux-6.1", "6", "6.", ".6.1", "v6.1", "6.x", "1234567890.1"})
  void releaseMustStartWithMajorDotMinor(String release) {
    assertThatThrownBy(() -> KernelRelease.parse(release)).isInstanceOf(InvalidIdentifierException.class)
        .hasMessage("kernel release '" + release + "' must start with MAJOR.MINOR, e.g. 6.1.0-50-amd64");
  }

  @Test
  void versionsCompareNumerically() {
    KernelRelease v510 = KernelRelease.parse("5.10.0-32-amd64");
    KernelRelease v61 = KernelRelease.parse("6.1.0-50-amd64");
    KernelRelease v61arm = KernelRelease.parse("6.1.0-50-arm64");
    KernelRelease v59 = KernelRelease.parse("5.9.0");

    assertThat(v510.compareVersion(v61)).isNegative();
    assertThat(v61.compareVersion(v510)).isPositive();
    assertThat(v61.compareVersion(v61arm)).isZero();
    assertThat(v510.compareVersion(v59)).as("5.10 is after 5.9").isPositive();
    assertThat(v61).isNotEqualTo(v61arm);
  }

  @Test
  void isAtLeastComparesMajorThenMinor() {
    KernelRelease v510 = KernelRelease.parse("5.10.0-32-amd64");

    assertThat(v510.isAtLeast(5, 10)).isTrue();
    assertThat(v510.isAtLeast(5, 8)).isTrue();
    assertThat(v510.isAtLeast(4, 19)).isTrue();
    assertThat(v510.isAtLeast(5, 17)).isFalse();
    assertThat(v510.isAtLeast(6, 0)).isFalse();
  }
}
