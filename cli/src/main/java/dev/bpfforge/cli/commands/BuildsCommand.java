package dev.bpfforge.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bpfforge builds show ID}: a build's targets, states and artifacts. */
@Command(name = "builds", description = "Builds on the service.", subcommands = BuildsCommand.Show.class)
public final class BuildsCommand {

  @Command(name = "show", description = "Show a build: each kernel's state, toolchain and artifacts.")
  static final class Show extends ForgeCommand {
    @Parameters(paramLabel = "ID") String id;
    @Option(names = "--wait", description = "Wait until the build has finished.") boolean wait;

    @Override
    public Integer call() {
      JsonNode build = api().getJson("/v1/builds/" + encode(id), "build " + id);
      if (wait) {
        build = BuildFollower.awaitFinished(api(), output(), build, false);
      }
      output().result(build, b -> {
        output().line("build " + b.get("id").asText() + "  " + b.get("state").asText() + "  " + b.get("entry").asText()
            + "  source " + b.get("sourceSha256").asText());
        for (JsonNode t : b.get("targets")) {
          output().line(String.format("  %-36s %-7s %-10s %s%s", t.get("release").asText(), t.get("arch").asText(),
              t.get("state").asText(), t.get("toolchain").asText(), t.get("cacheHit").asBoolean() ? " (cached)" : ""));
          for (JsonNode a : t.get("artifacts")) {
            output().line("    " + a.get("name").asText() + "  " + a.get("sha256").asText());
          }
          JsonNode failure = t.get("failure");
          if (failure != null && !failure.isNull()) {
            output().line("    " + failure.get("kind").asText() + ": " + failure.path("message").asText());
          }
        }
      });
      return ExitCodes.OK;
    }
  }
}
