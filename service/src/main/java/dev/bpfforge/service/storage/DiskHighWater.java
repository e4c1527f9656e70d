package dev.bpfforge.service.storage;

import java.util.Locale;
import org.springframework.util.unit.DataSize;

/**
 * The disk high-water mark: either a share of the file system that may be used ({@code 90%}) or
 * space that must stay free ({@code 2GB}). Past it the service takes no new builds or uploads.
 */
public record DiskHighWater(Integer maxUsedPercent, DataSize minFree) {

  public static DiskHighWater parse(String text) {
    String value = text.strip();
    if (value.endsWith("%")) {
      int percent;
      try {
        percent = Integer.parseInt(value.substring(0, value.length() - 1).strip());
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
      if (percent < 0 || percent > 100) {
        throw invalid(text);
      }
      return new DiskHighWater(percent, null);
    }
    try {
      return new DiskHighWater(null, DataSize.parse(value.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw invalid(text);
    }
  }

  /**
   * True when a file system is past the mark. "Used" is counted as df counts it: blocks in use
   * against those in use plus those this process may still use, leaving out the root reserve.
   *
   * @param used bytes in use (total minus unallocated)
   * @param usable bytes this process can still write
   */
  public boolean isExceeded(long used, long usable) {
    if (maxUsedPercent != null) {
      return used + usable > 0 && used * 100 > (long) maxUsedPercent * (used + usable);
    }
    return usable < minFree.toBytes();
  }

  @Override
  public String toString() {
    return maxUsedPercent != null ? maxUsedPercent + "% used" : minFree.toBytes() + " bytes free";
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("bpfforge.limits.disk-high-water must be a share of the disk used, 0% to 100% "
        + "(e.g. 90%), or the space to keep free (e.g. 2GB); not '" + text + "'");
  }
}
