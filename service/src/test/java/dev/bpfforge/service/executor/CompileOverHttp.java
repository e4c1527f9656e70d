package dev.bpfforge.service.executor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.service.compile.ArtifactKind;
import dev.bpfforge.service.compile.CompileOptions;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link CompileJob} the way a user would, through {@code POST /v1/compile}, for a shape the
 * test JVM cannot call in-process (a worker in another container). The job becomes the form's
 * fields; the answer becomes a {@link CompileResult}: 200 is the object, anything else is read
 * back from the build record ({@code failure.kind}, diagnostics) and the target's log.
 */
final class CompileOverHttp {
  private final ForgeClient client;
  private final String toolchain;

  CompileOverHttp(ForgeClient client, String toolchain) {
    this.client = client;
    this.toolchain = toolchain;
  }

  CompileResult compile(CompileJob job) {
    HttpResponse<byte[]> response = client.post("/v1/compile", form(job));
    if (response.statusCode() == 200) {
      return new CompileResult(Map.of(ArtifactKind.O, response.body()), null, List.of(), "",
          CompileResult.Failure.NONE, null, Map.of());
    }
    JsonNode problem = ForgeClient.json(response);
    if (!problem.hasNonNull("build")) {
      throw new AssertionError("the service refused the job itself: " + ForgeClient.text(response));
    }
    String build = problem.get("build").asText();
    // ?wait covers a 504 (the compile outlived the request's wait): the record is final once it answers.
    JsonNode target = ForgeClient.json(client.get("/v1/builds/" + build + "?wait=60s")).path("targets").path(0);
    String kind = target.path("failure").path("kind").asText();
    if (!target.path("state").asText().equals("FAILED") || kind.equals("LEASE_EXPIRED") || kind.equals("EXECUTOR_ERROR")) {
      throw new AssertionError("the worker did not finish the job as the program's failure: " + target);
    }
    List<Diagnostic> diagnostics = new ArrayList<>();
    target.path("diagnostics").forEach(d -> diagnostics.add(new Diagnostic(text(d, "file"), number(d, "line"),
        number(d, "column"), text(d, "severity"), text(d, "message"))));
    String log = ForgeClient.text(client.get(target.path("log").asText()));
    return new CompileResult(Map.of(), null, diagnostics, log, CompileResult.Failure.valueOf(kind),
        target.path("failure").path("message").asText(), Map.of());
  }

  private List<Part> form(CompileJob job) {
    List<Part> parts = new ArrayList<>();
    job.sources().files().forEach((path, bytes) -> parts.add(Part.file("file", path.value(), bytes)));
    CompileOptions options = job.options();
    parts.add(Part.field("entry", options.entry().value()));
    options.includeDirs().forEach(dir -> parts.add(Part.field("include", dir.isEmpty() ? "." : dir)));
    options.defines().forEach(d -> parts.add(Part.field("define", d.toFlag().substring(2))));
    options.cflags().forEach(flag -> parts.add(Part.field("cflag", flag.value())));
    parts.add(Part.field("mcpu", job.mcpu().id()));
    parts.add(Part.field("strip", Boolean.toString(options.strip())));
    parts.add(Part.field("kernel", job.release().value()));
    parts.add(Part.field("toolchain", toolchain));
    parts.add(Part.field("cache", "bypass"));
    return parts;
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static Integer number(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asInt() : null;
  }
}
