package dev.bpfforge.cli.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code cli/bin/bpfforge} (the launcher, so the jar it finds is the one users run) as a
 * separate process, with the service's URL and token in the environment as a CI job sets them, and
 * no config file of the test machine's user.
 */
public final class Cli {
  private final Map<String, String> env = new HashMap<>();

  public Cli(LiveService service) throws IOException {
    env.put("BPFFORGE_URL", service.url());
    env.put("BPFFORGE_TOKEN", service.token());
    env.put("XDG_CONFIG_HOME", java.nio.file.Files.createTempDirectory("bpfforge-config-").toString());
  }

  public Map<String, String> env() {
    return env;
  }

  public ProcessResult run(Path cwd, String... args) throws IOException, InterruptedException {
    return run(env, cwd, args);
  }

  /** As {@link #run}, with another token in {@code BPFFORGE_TOKEN}, as a CI job holding its own token runs it. */
  public ProcessResult runAs(String token, Path cwd, String... args) throws IOException, InterruptedException {
    Map<String, String> as = new HashMap<>(env);
    as.put("BPFFORGE_TOKEN", token);
    return run(as, cwd, args);
  }

  private static ProcessResult run(Map<String, String> env, Path cwd, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CliFixtures.LAUNCHER.toString()));
    command.addAll(List.of(args));
    return ProcessResult.run(command, cwd, env);
  }
}
