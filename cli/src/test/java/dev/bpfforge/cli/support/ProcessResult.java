package dev.bpfforge.cli.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A finished process: exit code, stdout and stderr apart (the CLI keeps results and messages apart too). */
public record ProcessResult(int exitCode, String stdout, String stderr) {
  private static final long TIMEOUT_MINUTES = 10;

  public static ProcessResult run(List<String> command, Path cwd, Map<String, String> env) throws IOException, InterruptedException {
    Path out = Files.createTempFile("proc-out-", ".txt");
    Path err = Files.createTempFile("proc-err-", ".txt");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      if (cwd != null) {
        builder.directory(cwd.toFile());
      }
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException(command + " did not finish in " + TIMEOUT_MINUTES + " minutes");
      }
      return new ProcessResult(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
  }
}
