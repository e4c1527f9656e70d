package dev.bpfforge.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpfforge.cli.ExitCodes;
import dev.bpfforge.cli.Output;
import dev.bpfforge.cli.http.ForgeApi;
import dev.bpfforge.cli.http.MultipartBody;
import dev.bpfforge.cli.sources.GatheredSources;
import dev.bpfforge.cli.sources.SourceGatherer;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bpfforge compile}: sends the program and its local headers as one build with a target per
 * kernel, waits for it, and writes what it produced ({@link ArtifactLayout}); compile errors go to
 * stderr as {@code file:line:col} lines ({@link DiagnosticPrinter}).
 */
@Command(name = "compile", description = {
    "Compile a BPF program for one or more kernels.",
    "Sends FILE and every header it includes from its own directory and the -I directories."})
public final class CompileCommand extends ForgeCommand {
  /** Failure kinds that are the program's to fix (exit 1); the others are the service's (exit 3). */
  static final Set<String> PROGRAM_FAILURES = Set.of("COMPILE_ERROR", "TIMEOUT", "OUTPUT_LIMIT");

  @Parameters(index = "0", paramLabel = "FILE", description = "The program, e.g. bpf.c.")
  Path entry;

  @Option(names = "-I", paramLabel = "DIR", description = "Add DIR to the include path (repeatable).")
  List<Path> includeDirs = new ArrayList<>();

  @Option(names = {"-k", "--kernel"}, paramLabel = "RELEASE[@ARCH]", defaultValue = "local",
      description = "Target kernel (repeatable); 'local' is this machine's, uploaded if the service lacks it. Default: ${DEFAULT-VALUE}.")
  List<String> kernels;

  @Option(names = "--arch", paramLabel = "ARCH", description = "Arch of kernels named without @ARCH (x86_64, arm64).")
  String arch;

  @Option(names = "--toolchain", paramLabel = "ID", description = "Pin a toolchain (see 'bpfforge toolchains').")
  String toolchain;

  @Option(names = "--artifact", paramLabel = "KIND", defaultValue = "o",
      description = "What to fetch: o, so, skel, btf, manifest or all (what the service offers). Default: ${DEFAULT-VALUE}.")
  String artifact;

  @Option(names = {"-D", "--define"}, paramLabel = "NAME[=VALUE]", description = "Define a macro (repeatable).")
  List<String> defines = new ArrayList<>();

  @Option(names = "--mcpu", paramLabel = "v1..v4", description = "BPF ISA level; default: what the kernel verifies.")
  String mcpu;

  @Option(names = "--strip", description = "Strip DWARF from the object (BTF stays).")
  boolean strip;

  @Option(names = "--no-cache", description = "Compile again even if the service has the result cached.")
  boolean noCache;

  @Option(names = "--name", paramLabel = "LABEL", description = "Label the build with a name.")
  String name;

  @Option(names = "--build-version", paramLabel = "LABEL", description = "Label the build with a version.")
  String version;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT",
      description = "One kernel and artifact: the file (default: the artifact's name). Otherwise: a directory "
          + "OUT/<release>/<arch>/... with manifest.json (default: out).")
  Path output;

  @Override
  public Integer call() throws FileNotFoundException {
    GatheredSources sources = SourceGatherer.gather(entry, includeDirs);
    ForgeApi api = api();
    Output out = output();
    List<String> targets = new ArrayList<>();
    for (String kernel : kernels) {
      targets.add(kernel.equals("local") ? LocalKernel.ensureInCatalog(api, out) : kernel);
    }
    out.progress("sending " + sources.files().size() + " file(s) from " + sources.root() + " for " + String.join(", ", targets));
    JsonNode submitted = api.expectOk(api.postMultipart("/v1/builds", form(sources, targets)), "the build").json();
    JsonNode build = BuildFollower.awaitFinished(api, out, submitted, true);
    int exit = reportFailures(api, out, sources, build);
    ArtifactLayout layout = new ArtifactLayout(api);
    if (build.get("targets").findValues("artifacts").stream().allMatch(JsonNode::isEmpty)) {
      if (out.json()) {
        out.json(layout.describe(build, sources)); // why each kernel failed, for machines; nothing was written
      }
      return exit;
    }
    ObjectNode manifest = layout.write(build, sources, Optional.ofNullable(output));
    if (out.json()) {
      out.json(manifest);
    } else {
      for (JsonNode t : manifest.get("targets")) {
        for (JsonNode a : t.get("artifacts")) {
          out.line(layout.localPath(build, Optional.ofNullable(output), a.get("path").asText()) + "  " + t.get("release").asText() + "@" + t.get("arch").asText() + "  "
              + t.get("toolchain").get("id").asText() + (t.get("cacheHit").asBoolean() ? "  (cached)" : ""));
        }
      }
    }
    return exit;
  }

  private MultipartBody form(GatheredSources sources, List<String> targets) throws FileNotFoundException {
    MultipartBody body = new MultipartBody();
    for (Map.Entry<String, Path> file : sources.files().entrySet()) {
      body.file("file", file.getKey(), file.getValue());
    }
    body.field("entry", sources.entry());
    sources.includeDirs().forEach(dir -> body.field("include", dir));
    targets.forEach(k -> body.field("kernel", k));
    defines.forEach(d -> body.field("define", d));
    body.field("artifact", artifact);
    Optional.ofNullable(arch).ifPresent(a -> body.field("arch", a));
    Optional.ofNullable(toolchain).ifPresent(t -> body.field("toolchain", t));
    Optional.ofNullable(mcpu).ifPresent(m -> body.field("mcpu", m));
    Optional.ofNullable(name).ifPresent(n -> body.field("name", n));
    Optional.ofNullable(version).ifPresent(v -> body.field("version", v));
    if (strip) {
      body.field("strip", "true");
    }
    if (noCache) {
      body.field("cache", "bypass");
    }
    return body;
  }

  /**
   * Prints why targets failed: compile errors once per distinct set of messages (a mistake
   * usually fails every kernel the same way), then which kernels they were. Returns the exit code.
   */
  private int reportFailures(ForgeApi api, Output out, GatheredSources sources, JsonNode build) {
    DiagnosticPrinter printer = new DiagnosticPrinter(sources);
    Map<List<String>, List<String>> kernelsByMessages = new LinkedHashMap<>();
    int exit = ExitCodes.OK;
    for (JsonNode t : build.get("targets")) {
      String kernel = t.get("release").asText() + "@" + t.get("arch").asText();
      String state = t.get("state").asText();
      if (state.equals("SUCCEEDED")) {
        continue;
      }
      JsonNode failure = t.get("failure");
      String kind = failure == null || failure.isNull() ? state : failure.get("kind").asText();
      if (PROGRAM_FAILURES.contains(kind)) {
        String log = api.getText(t.get("log").asText(), "the log of " + kernel);
        List<String> lines = printer.lines(t.get("diagnostics"), log);
        if (lines.isEmpty()) {
          lines = List.of("error: " + failure.path("message").asText(kind));
        }
        kernelsByMessages.computeIfAbsent(lines, k -> new ArrayList<>()).add(kernel);
        exit = ExitCodes.COMPILE_FAILED;
      } else {
        out.notice("bpfforge: " + kernel + " " + kind.toLowerCase().replace('_', ' ') + ": "
            + (failure == null || failure.isNull() ? "the build was cancelled" : failure.path("message").asText()) + " (retry)");
        exit = exit == ExitCodes.OK ? ExitCodes.UNAVAILABLE : exit;
      }
    }
    kernelsByMessages.forEach((lines, kernels) -> {
      lines.forEach(out::notice);
      out.notice("bpfforge: the program did not compile for " + String.join(", ", kernels) + " (build " + build.get("id").asText() + ")");
    });
    return exit;
  }
}
