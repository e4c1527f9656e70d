package dev.bpfforge.service.queue;

import static dev.bpfforge.service.queue.WorkerFaultIT.await;
import static dev.bpfforge.service.queue.WorkerFaultIT.slowProgram;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.WorkerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A worker process stopped with SIGTERM (docker stop, a Kubernetes rollout) mid-compile either
 * finishes the job within its grace period or releases it to the queue at once; the job
 * completes exactly once either way, and is never left for the reaper.
 */
class WorkerShutdownIT extends ExternalWorkersIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  WorkerShutdownIT() {
    super("term-");
  }

  private WorkerProcess worker(String name, Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("BPFFORGE_QUEUE_IDLE_POLL", "200ms",
        // JSON lines, so the test can read the job's ids from the worker's log fields.
        "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"));
    env.putAll(extra);
    WorkerProcess process = WorkerProcess.start(name, jdbcUrl(), DATA_DIR,
        toolchain, env);
    return process;
  }

  private UUID submitSlowBuild() throws InterruptedException {
    await(Duration.ofMinutes(5), "a worker to publish its toolchain", this::toolchainPublished);
    HttpResponse<byte[]> submitted = client().post("/v1/builds", List.of(
        Part.file("file", "bpf.c", slowProgram(toolchain)), Part.field("kernel", System.getProperty("os.version")),
        Part.field("toolchain", toolchain), Part.field("cache", "bypass")));
    assertThat(submitted.statusCode()).as(ForgeClient.text(submitted)).isEqualTo(202);
    String location = submitted.headers().firstValue("Location").orElseThrow();
    UUID build = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    await(Duration.ofMinutes(2), "a worker to start the job", () -> "RUNNING".equals(jobColumn(build, "state")));
    return build;
  }

  private String jobColumn(UUID build, String column) {
    return jdbc.queryForObject("select " + column + "::text from jobs where build_id = ?", String.class, build);
  }

  private void assertCompletedOnce(UUID build, int attempts, String workerName) {
    assertThat(jobColumn(build, "state")).isEqualTo("SUCCEEDED");
    assertThat(jobColumn(build, "attempts")).isEqualTo(Integer.toString(attempts));
    assertThat(jobColumn(build, "worker")).startsWith(workerName + "/");
    long job = Long.parseLong(jobColumn(build, "id"));
    assertThat(jdbc.queryForObject("select count(*) from job_artifacts where job_id = ?", Long.class, job)).isEqualTo(1);
    assertThat(jdbc.queryForObject("select count(*) from action_cache where job_id = ?", Long.class, job)).isEqualTo(1);
    assertThat(jdbc.queryForObject("select state from builds where id = ?", String.class, build)).isEqualTo("SUCCEEDED");
  }

  @Test
  void sigtermMidCompileLetsTheJobFinishOnceAndLogsItsIds() throws Exception {
    UUID build;
    WorkerProcess worker = worker("graceful", Map.of());
    try (worker) {
      build = submitSlowBuild();
      worker.terminate(Duration.ofMinutes(3));
    }
    assertCompletedOnce(build, 1, "graceful");

    List<String> lines = Files.readAllLines(worker.log());
    int stopping = indexOf(lines, "stopping 1 worker(s)");
    int compiled = indexOf(lines, "compiled in");
    assertThat(stopping).as("the worker logged its shutdown").isNotNegative();
    assertThat(compiled).as("the job finished after SIGTERM, not before").isGreaterThan(stopping);
    JsonNode line = JSON.readTree(lines.get(compiled));
    assertThat(line.path("buildId").asText()).isEqualTo(build.toString());
    assertThat(line.path("jobId").asText()).isEqualTo(jobColumn(build, "id"));
  }

  @Test
  void sigtermPastTheGracePeriodReleasesTheJobToAnotherWorker() throws Exception {
    UUID build;
    // A lease far longer than the test: if the job comes back, the release did it, not the reaper.
    Map<String, String> env = Map.of("BPFFORGE_WORKER_SHUTDOWN_GRACE", "1ms", "BPFFORGE_QUEUE_LEASE", "10m");
    try (WorkerProcess impatient = worker("impatient", env)) {
      build = submitSlowBuild();
      impatient.terminate(Duration.ofMinutes(1));
    }
    assertThat(jobColumn(build, "state")).isEqualTo("QUEUED");
    assertThat(jobColumn(build, "failure")).contains("stopped before the job finished");
    try (WorkerProcess next = worker("next", Map.of())) {
      JsonNode done = ForgeClient.json(client().get("/v1/builds/" + build + "?wait=120s"));
      for (int i = 0; i < 2 && !done.get("state").asText().equals("SUCCEEDED"); i++) {
        done = ForgeClient.json(client().get("/v1/builds/" + build + "?wait=120s"));
      }
      assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    }
    assertCompletedOnce(build, 2, "next");
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }
}
