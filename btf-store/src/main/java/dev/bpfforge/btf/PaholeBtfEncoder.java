package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Makes BTF from DWARF, for kernels built without {@code CONFIG_DEBUG_INFO_BTF}: runs
 * {@code pahole -J --btf_encode_detached=<out> <elf>} (pahole 1.22 or later has the option) and
 * validates what it writes. pahole reads untrusted input, so it runs through a {@link ToolRunner}
 * the caller chooses: a sandbox in the service.
 */
public final class PaholeBtfEncoder {

  /** Long enough for a full debug vmlinux (about a minute on one core) with room to spare. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  private static final int MAX_QUOTED = 200;
  private static final int TAIL_BYTES = 4096;
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final ToolRunner runner;
  private final String pahole;
  private final Duration timeout;

  /**
   * @param runner runs pahole, e.g. {@link ToolRunner#local()} or a sandbox
   * @param pahole the command, e.g. {@code pahole} or {@code /usr/bin/pahole}
   * @param timeout how long one run may take
   */
  public PaholeBtfEncoder(ToolRunner runner, String pahole, Duration timeout) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.pahole = Objects.requireNonNull(pahole, "pahole");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** {@code pahole} from the PATH, run as a plain child process, with {@link #DEFAULT_TIMEOUT}. */
  public static PaholeBtfEncoder local() {
    return new PaholeBtfEncoder(ToolRunner.local(), "pahole", DEFAULT_TIMEOUT);
  }

  /**
   * Encodes the DWARF of {@code elf} as BTF.
   *
   * @param elf an ELF file with {@code .debug_info}; copied into {@code workDir}, so that a sandbox
   *     which sees only {@code workDir} can read it, and nothing the tool does can change the
   *     caller's file (a hard link would share it)
   * @param workDir a private directory the caller owns and deletes; pahole's input, output and log
   *     go there
   * @param maxBtfBytes largest BTF accepted
   * @return the BTF, validated
   * @throws InvalidBtfException if pahole fails, times out or writes invalid BTF
   * @throws InputTooLargeException if pahole writes more than {@code maxBtfBytes}
   * @throws IOException if the work directory cannot be written or pahole cannot be started
   */
  public Btf encode(Path elf, Path workDir, long maxBtfBytes) throws IOException {
    Path dir = Files.createTempDirectory(workDir, "pahole-");
    Path input = stage(elf, dir);
    Path output = dir.resolve("vmlinux.btf");
    List<String> argv = List.of(pahole, "-J", "--btf_encode_detached=" + output, input.toString());
    int exit;
    try {
      exit = runner.run(argv, dir, timeout);
    } catch (ToolRunner.TimeoutException e) {
      throw new InvalidBtfException("pahole did not finish within " + timeout.toSeconds() + " s");
    }
    if (exit != 0) {
      throw new InvalidBtfException("pahole failed with exit code " + exit + lastLine(dir));
    }
    if (!Files.isRegularFile(output) || Files.size(output) == 0) {
      throw new InvalidBtfException("pahole wrote no BTF" + lastLine(dir));
    }
    long limit = Math.min(maxBtfBytes, MAX_ARRAY);
    if (Files.size(output) > limit) {
      throw new InputTooLargeException("BTF made by pahole", limit);
    }
    return Btf.parse(Files.readAllBytes(output));
  }

  private static Path stage(Path elf, Path dir) throws IOException {
    return Files.copy(elf, dir.resolve("input.elf"));
  }

  /** pahole's last line of output, without our paths, for the message. */
  private static String lastLine(Path dir) throws IOException {
    Path log = dir.resolve(ToolRunner.LOG);
    if (!Files.isRegularFile(log)) {
      return "";
    }
    List<String> lines;
    try (FileChannel channel = FileChannel.open(log)) {
      // Only the tail: pahole may print a line per function it skips.
      long from = Math.max(0, channel.size() - TAIL_BYTES);
      byte[] tail = FileSlice.readAt(channel, from, (int) (channel.size() - from));
      lines = new String(tail, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
    if (lines.isEmpty()) {
      return "";
    }
    String last = lines.get(lines.size() - 1).replace(dir.toAbsolutePath().toString(), "").replace(dir.toString(), "");
    return ": " + Untrusted.echo(last, MAX_QUOTED);
  }
}
