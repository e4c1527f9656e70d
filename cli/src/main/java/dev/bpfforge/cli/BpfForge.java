package dev.bpfforge.cli;

import dev.bpfforge.cli.commands.ArtifactsCommand;
import dev.bpfforge.cli.commands.BuildsCommand;
import dev.bpfforge.cli.commands.CompileCommand;
import dev.bpfforge.cli.commands.KernelsCommand;
import dev.bpfforge.cli.commands.TokensCommand;
import dev.bpfforge.cli.commands.ToolchainsCommand;
import dev.bpfforge.cli.http.Connection;
import dev.bpfforge.cli.http.ForgeApi;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code bpfforge}: the command-line client of a BPF Forge service. */
@Command(
    name = "bpfforge",
    mixinStandardHelpOptions = true,
    versionProvider = BpfForge.Version.class,
    description = "Compile eBPF programs remotely, against each target kernel's own BTF.",
    subcommands = {CompileCommand.class, KernelsCommand.class, BuildsCommand.class, ArtifactsCommand.class,
        ToolchainsCommand.class, TokensCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nConfiguration:%n",
    footer = {
        "  The service URL and token come from --url/--token, else BPFFORGE_URL/BPFFORGE_TOKEN, else",
        "  ~/.config/bpfforge/config (lines 'url = http://host:8080' and 'token = ...'), else",
        "  http://localhost:8080 and no token."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:ok",
        "1:the program did not compile for a kernel (errors as file:line:col on stderr)",
        "2:usage: bad arguments, an unreadable file, or a request the service rejected",
        "3:the service is unreachable or failed (5xx), or a download failed its SHA-256",
        "4:not found: no such kernel, build, artifact or token",
        "5:the service refused the token (401: unknown or revoked; 403: its role is too weak)"})
public final class BpfForge {
  @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL", description = "The service, e.g. http://forge:8080.")
  String url;

  @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN", description = "Bearer token for the service.")
  String token;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print results as JSON on stdout.")
  boolean json;

  private final Map<String, String> env;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean interactive;

  public BpfForge(Map<String, String> env, PrintWriter out, PrintWriter err, boolean interactive) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.interactive = interactive;
  }

  public ForgeApi api() {
    return new ForgeApi(Connection.resolve(url, token, env));
  }

  public Output output() {
    return new Output(out, err, json, interactive);
  }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
        System.console() != null));
  }

  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, boolean interactive) {
    CommandLine cli = new CommandLine(new BpfForge(env, out, err, interactive));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof CliException failure) {
        err.println("bpfforge: " + failure.getMessage());
        err.flush();
        return failure.exitCode();
      }
      throw e;
    });
    return cli.execute(args);
  }

  /** The version from the jar's manifest (Maven's project version). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = BpfForge.class.getPackage().getImplementationVersion();
      return new String[] {"bpfforge " + (v == null ? "development" : v)};
    }
  }
}
