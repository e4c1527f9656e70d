package dev.bpfforge.btf;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints ingest figures for one upload: wall time, the JVM's peak heap use and the process's
 * peak resident memory. Not a test (tests never assert a time); run it by hand, e.g. under
 * {@code /usr/bin/time -v}:
 *
 * <pre>
 * java -Xmx512m -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.bpfforge.btf.IngestFigures ../../shared/kernel-packages/linux-image-...deb
 * </pre>
 */
public final class IngestFigures {

  private IngestFigures() {
  }

  public static void main(String[] args) throws Exception {
    Path upload = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path tmp = Files.createTempDirectory("ingest-figures-");
    try {
      measure(new KernelBtfExtractor(tmp), upload, runs);
    } finally {
      Files.delete(tmp); // the extractor has emptied it, failing or not
    }
  }

  private static void measure(KernelBtfExtractor extractor, Path upload, int runs) throws Exception {
    for (int run = 1; run <= runs; run++) {
      System.gc();
      ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
      long start = System.nanoTime();
      ExtractedKernel k = extractor.extract(upload, ExtractLimits.defaults());
      double seconds = (System.nanoTime() - start) / 1e9;
      long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .mapToLong(p -> p.getPeakUsage().getUsed())
          .sum();
      System.out.printf(Locale.ROOT, "run %d: %s %s, %d types, %.2f s, peak heap %.1f MiB (sum of pool peaks), "
              + "peak RSS so far %s%n", run, k.sourceFormat(), k.release().map(Object::toString).orElse("-"),
          k.btf().typeCount(), seconds, peakHeap / 1048576.0, peakRss());
    }
  }

  /** VmHWM: the kernel's record of this process's peak resident set. */
  private static String peakRss() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM:"))
        .map(l -> l.substring(6).strip())
        .findFirst().orElse("?");
  }
}
