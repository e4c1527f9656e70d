package dev.bpfforge.cli.commands;

import dev.bpfforge.cli.CliException;
import dev.bpfforge.cli.ExitCodes;
import dev.bpfforge.cli.http.Downloader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bpfforge artifacts get SHA256 -o FILE}: one artifact by digest, verified. */
@Command(name = "artifacts", description = "Artifacts by digest.", subcommands = ArtifactsCommand.Get.class)
public final class ArtifactsCommand {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  @Command(name = "get", description = "Download an artifact; its SHA-256 is checked before it is written.")
  static final class Get extends ForgeCommand {
    @Parameters(paramLabel = "SHA256") String sha256;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true) Path output;

    @Override
    public Integer call() {
      String digest = sha256.toLowerCase(java.util.Locale.ROOT);
      if (!SHA256.matcher(digest).matches()) {
        throw new CliException(ExitCodes.USAGE, "'" + sha256 + "' is not a SHA-256: give the 64 hex digits of the artifact.");
      }
      new Downloader(api()).fetch("/v1/artifacts/" + digest, Optional.of(digest), output, "artifact " + digest);
      output().progress("wrote " + output);
      return ExitCodes.OK;
    }
  }
}
