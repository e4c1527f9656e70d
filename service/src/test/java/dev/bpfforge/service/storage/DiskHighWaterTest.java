package dev.bpfforge.service.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DiskHighWaterTest {
  private static final long GB = 1L << 30;

  @Test
  void percentMarkIsExceededOnceMoreThanThatShareIsUsed() {
    DiskHighWater mark = DiskHighWater.parse("90%");
    assertThat(mark.isExceeded(90 * GB, 10 * GB)).isFalse();
    assertThat(mark.isExceeded(91 * GB, 9 * GB)).isTrue();
  }

  @Test
  void sizeMarkIsExceededWhenLessThanThatIsFree() {
    DiskHighWater mark = DiskHighWater.parse("2GB");
    assertThat(mark.isExceeded(100 * GB, 2 * GB)).isFalse();
    assertThat(mark.isExceeded(100 * GB, 2 * GB - 1)).isTrue();
    assertThat(DiskHighWater.parse("512mb").minFree().toMegabytes()).isEqualTo(512);
  }

  @Test
  void zeroPercentIsExceededByAnyUse() {
    assertThat(DiskHighWater.parse("0%").isExceeded(1, GB)).isTrue();
  }

  @Test
  void markThatIsNeitherAShareNorASizeIsRejectedWithTheForms() {
    for (String bad : new String[] {"150%", "-1%", "ninety%", "lots", ""}) {
      assertThatThrownBy(() -> DiskHighWater.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e.g. 90%").hasMessageContaining("2GB");
    }
  }
}
