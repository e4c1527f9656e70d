package dev.bpfforge.service.lbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.BtfStoreException;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.api.ApiException;
import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.api.LimitExceededException;
import dev.bpfforge.service.artifact.ArtifactStore;
import dev.bpfforge.service.build.BuildWaiter;
import dev.bpfforge.service.build.Job;
import dev.bpfforge.service.build.JobArtifact;
import dev.bpfforge.service.build.JobState;
import dev.bpfforge.service.compile.ArtifactSelection;
import dev.bpfforge.service.compile.BuildSubmitter;
import dev.bpfforge.service.compile.CompileOptions;
import dev.bpfforge.service.compile.CompileRequest;
import dev.bpfforge.service.compile.SourcePath;
import dev.bpfforge.service.compile.SourceTree;
import dev.bpfforge.service.compile.TargetSpec;
import dev.bpfforge.service.config.BpfForgeProperties;
import dev.bpfforge.service.kernel.Kernel;
import dev.bpfforge.service.kernel.KernelCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one command of a Coolbpf {@code /lbc} request and answers it the way Coolbpf's server
 * (coolbpf's {@code surfServer.py}) does, so surftrace's {@code lbcClient.py} and pylcc read it
 * unchanged: {@code log} is {@code "ok."} on success, anything else is the failure the client
 * prints; {@code so}/{@code obj}/{@code btf} carry base64 (null on failure); {@code clog} the
 * compiler's output. A compile is an ordinary one-target build of the single file
 * {@code lbc.bpf.c} (Coolbpf's name for it; its client inlines local includes into {@code code}).
 */
@Component
class LbcCommands {
  private static final Logger log = LoggerFactory.getLogger(LbcCommands.class);
  static final SourcePath ENTRY = new SourcePath("lbc.bpf.c");
  static final String OK = "ok.";
  /** Coolbpf commands this service does not answer: they query Coolbpf's own per-kernel symbol databases. */
  private static final Set<String> UNSUPPORTED = Set.of("func", "struct", "type", "ko", "elf_so");

  private final BuildSubmitter submitter;
  private final BuildWaiter waiter;
  private final ArtifactStore artifacts;
  private final KernelCatalog catalog;
  private final BpfForgeProperties.Limits limits;
  private final Duration maxWait;
  private final String tenant;

  LbcCommands(BuildSubmitter submitter, BuildWaiter waiter, ArtifactStore artifacts, KernelCatalog catalog,
      BpfForgeProperties properties, LbcProperties lbc) {
    this.submitter = submitter;
    this.waiter = waiter;
    this.artifacts = artifacts;
    this.catalog = catalog;
    this.limits = properties.limits();
    this.maxWait = properties.compile().maxWait();
    this.tenant = lbc.tenant();
  }

  /** Runs one command as the connector's tenant (a Coolbpf client on the Coolbpf port sends no token). */
  Map<String, Object> run(JsonNode command) throws InterruptedException {
    return run(command, tenant);
  }

  /** Runs one command for {@code tenant}: the caller's own on the main port, where /lbc needs a token. */
  Map<String, Object> run(JsonNode command, String tenant) throws InterruptedException {
    String cmd = command.isObject() ? text(command, "cmd") : null;
    if (cmd == null) {
      return answer("unknown request.");
    }
    if (UNSUPPORTED.contains(cmd)) {
      return answer("unknown cmd. This server does not support '" + cmd + "': it compiles (c, obj) and serves BTF (btf) only.");
    }
    String key = switch (cmd) {
      case "c" -> "so";
      case "obj" -> "obj";
      case "btf" -> "btf";
      default -> null;
    };
    if (key == null) {
      return answer("unknown cmd.");
    }
    String ver = text(command, "ver");
    if (ver == null || ver.isBlank()) {
      return answer("no kernel version info.");
    }
    try {
      TargetSpec target = new TargetSpec(KernelRelease.parse(ver.strip()),
          Optional.ofNullable(text(command, "arch")).filter(a -> !a.isBlank()).map(a -> Arch.parse(a.strip())));
      return key.equals("btf") ? btf(target, command) : compile(key, target, command, tenant);
    } catch (ApiException | BtfStoreException e) {
      // The request's own fault (unknown kernel, a flag, a limit): Coolbpf's shape, the reason in log.
      Map<String, Object> failed = answer(e.getMessage());
      failed.put(key, null);
      if (e instanceof ApiException api && api.properties().containsKey("closest")) {
        failed.put("closest", api.properties().get("closest"));
      }
      return failed;
    }
  }

  private Map<String, Object> btf(TargetSpec target, JsonNode command) {
    Kernel kernel = catalog.resolve(target.release(), target.arch());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ver", kernel.release().value());
    answer.put("arch", Optional.ofNullable(text(command, "arch")).orElse(kernel.arch().id()));
    answer.put("btf", Base64.getEncoder().encodeToString(catalog.btf(kernel)));
    answer.put("log", OK);
    return answer;
  }

  private Map<String, Object> compile(String key, TargetSpec target, JsonNode command, String tenant) throws InterruptedException {
    String code = text(command, "code");
    if (code == null) {
      throw new InvalidRequestException("code", "no code.");
    }
    byte[] source = code.getBytes(StandardCharsets.UTF_8);
    if (source.length > limits.maxSourceBytes().toBytes()) {
      throw new LimitExceededException("max-source-bytes", limits.maxSourceBytes().toBytes(),
          "code exceeds " + limits.maxSourceBytes().toBytes() + " bytes.");
    }
    String env = Optional.ofNullable(text(command, "env")).orElse("");
    CompileOptions options = new CompileOptions(ENTRY, List.of(), LbcEnv.defines(env), Optional.empty(), false);
    // "c" needs the loader .so (built from the object), "obj" the object alone.
    ArtifactSelection selection = key.equals("so") ? ArtifactSelection.parse("so") : ArtifactSelection.O;
    CompileRequest request = new CompileRequest(new SourceTree(Map.of(ENTRY, source)), options, List.of(target),
        Optional.empty(), selection, false, Optional.empty(), Optional.empty());
    BuildSubmitter.Submitted submitted = submitter.submit(request, tenant);
    log.info("lbc {} for {} as tenant {}: build {}", command.path("cmd").asText(), target.release().value(), tenant,
        submitted.build().id());
    Job job = waiter.awaitJob(submitted.jobs().get(0).id(), maxWait);
    String kind = key.equals("obj") ? "o" : key;
    Map<String, Object> answer = new LinkedHashMap<>();
    if (job.state() != JobState.SUCCEEDED) {
      answer.put("log", failure(job, submitted.build().id().toString()));
      answer.put(key, null);
    } else {
      Optional<JobArtifact> artifact = job.artifacts().stream().filter(a -> a.kind().equals(kind)).findFirst();
      answer.put("log", artifact.isPresent() ? OK
          : "setup " + key + " report: this service made no " + kind + " artifact for build " + submitted.build().id() + ".");
      answer.put(key, artifact.map(a -> Base64.getEncoder().encodeToString(artifacts.read(Sha256.parse(a.sha256())))).orElse(null));
    }
    answer.put("clog", job.log() == null ? "" : job.log());
    return answer;
  }

  private static String failure(Job job, String buildId) {
    if (!job.state().isFinished()) {
      return "compile not finished in time: poll GET /v1/builds/" + buildId + " for it.";
    }
    if (job.state() == JobState.CANCELLED) {
      return "compile cancelled (build " + buildId + ").";
    }
    return "compile failed: " + job.failure() + " (build " + buildId + ")";
  }

  private static Map<String, Object> answer(String logLine) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("log", logLine);
    return answer;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
