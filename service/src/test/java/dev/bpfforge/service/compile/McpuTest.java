package dev.bpfforge.service.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.service.api.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class McpuTest {

  @ParameterizedTest
  @CsvSource({"v1,V1", "V2,V2", "v3,V3", "V4,V4", "v4,V4"})
  void parseIgnoresCase(String raw, Mcpu expected) {
    assertThat(Mcpu.parse(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v5", "v0", "3", "", "probe", "generic", "v3 "})
  void unknownLevelIsRejectedNamingTheField(String raw) {
    assertThatThrownBy(() -> Mcpu.parse(raw))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("mcpu"))
        .hasMessageContaining("v1, v2, v3, v4");
  }

  @ParameterizedTest
  @CsvSource({
    "4.9.0-19-amd64, V1",
    "4.13.16, V1",
    "4.14.0, V2",
    "4.19.0-27-amd64, V2",
    "5.0.21, V2",
    "5.1.0, V3",
    "5.10.0-32-amd64, V3",
    "6.1.0-50-amd64, V3",
    "6.12.0, V3",
  })
  void defaultIsTheHighestLevelTheKernelVerifiesCappedAtV3(String release, Mcpu expected) {
    assertThat(Mcpu.defaultFor(KernelRelease.parse(release))).isEqualTo(expected);
  }

  @Test
  void onlyV4NeedsClang18() {
    assertThat(Mcpu.V4.minimumClang()).isEqualTo(18);
    // Debian 12's clang 14 must be able to emit every level up to the default cap.
    assertThat(Mcpu.V1.minimumClang()).isLessThanOrEqualTo(14);
    assertThat(Mcpu.V2.minimumClang()).isLessThanOrEqualTo(14);
    assertThat(Mcpu.V3.minimumClang()).isLessThanOrEqualTo(14);
  }

  @Test
  void flagAndIdAreLowerCase() {
    assertThat(Mcpu.V3.flag()).isEqualTo("-mcpu=v3");
    assertThat(Mcpu.V2.id()).isEqualTo("v2");
  }
}
