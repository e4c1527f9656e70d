package dev.bpfforge.service.executor;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The runner's record of the steps that ran ({@link CompilePlan#STEP_TIMES}): name, exit status, start and end. */
final class StepTimes {
  record StepRun(String name, int exitCode, Duration took) {}

  private StepTimes() {}

  /** Lines the sandboxed runner wrote; a malformed one (the output dir is writable by the tools) is skipped. */
  static List<StepRun> parse(String text) {
    List<StepRun> runs = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] fields = line.strip().split(" ");
      if (fields.length != 4 || !CompilePlan.STEPS.contains(fields[0])) {
        continue;
      }
      try {
        BigDecimal start = new BigDecimal(fields[2]);
        BigDecimal end = new BigDecimal(fields[3]);
        long micros = end.subtract(start).movePointRight(6).longValue();
        runs.add(new StepRun(fields[0], Integer.parseInt(fields[1]), Duration.ofNanos(Math.max(0, micros) * 1000)));
      } catch (NumberFormatException e) {
        // not a line the runner wrote
      }
    }
    return runs;
  }
}
