package dev.bpfforge.service.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.WorkerProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Workers as separate processes: one killed with SIGKILL mid-job loses the job to the next after
 * its lease expires, and the job completes exactly once; a 20-target build spread over two
 * workers runs every job to completion once.
 */
class WorkerFaultIT extends ExternalWorkersIT {
  static final Map<String, String> SHORT_LEASE = Map.of("BPFFORGE_QUEUE_LEASE", "4s", "BPFFORGE_QUEUE_HEARTBEAT", "1s",
      "BPFFORGE_QUEUE_IDLE_POLL", "200ms");

  @Autowired JobQueue queue;

  WorkerFaultIT() {
    super("ext-");
  }

  /** A program whose -O2 compile takes seconds: long enough to be killed in the middle. */
  static byte[] slowProgram(String salt) {
    StringBuilder source = new StringBuilder("#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>\nint sink;\n");
    for (int i = 0; i < 1500; i++) {
      source.append("__attribute__((noinline)) int f").append(i).append("(int x) { sink += x * ").append(i + 3)
          .append("; return x + (x >> 3) - ").append(i).append("; }\n");
    }
    source.append("SEC(\"xdp\") int prog(struct xdp_md *ctx) { return XDP_PASS; }\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n// ")
        .append(salt).append('\n');
    return source.toString().getBytes();
  }

  static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }


  @Test
  void jobOfAKilledWorkerIsReclaimedAfterItsLeaseAndCompletesOnce() throws Exception {
    try (WorkerProcess first = WorkerProcess.start("first", jdbcUrl(), DATA_DIR, toolchain, SHORT_LEASE)) {
      await(Duration.ofMinutes(3), "the first worker to publish its toolchain", this::toolchainPublished);
      HttpResponse<byte[]> submitted = client().post("/v1/builds", List.of(
          Part.file("file", "bpf.c", slowProgram(toolchain)), Part.field("kernel", System.getProperty("os.version")),
          Part.field("toolchain", toolchain), Part.field("cache", "bypass")));
      assertThat(submitted.statusCode()).as(ForgeClient.text(submitted)).isEqualTo(202);
      String location = submitted.headers().firstValue("Location").orElseThrow();
      UUID build = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
      await(Duration.ofMinutes(2), "the first worker to start the job", () ->
          "RUNNING".equals(jdbc.queryForObject("select state from jobs where build_id = ?", String.class, build)));
      first.kill9();
      assertThat(jdbc.queryForObject("select worker from jobs where build_id = ?", String.class, build)).startsWith("first/");

      await(Duration.ofSeconds(30), "the dead worker's lease to be reaped", () -> {
        queue.reapExpired();
        return "QUEUED".equals(jdbc.queryForObject("select state from jobs where build_id = ?", String.class, build));
      });
      try (WorkerProcess second = WorkerProcess.start("second", jdbcUrl(), DATA_DIR, toolchain, SHORT_LEASE)) {
        JsonNode done = ForgeClient.json(client().get(location + "?wait=120s"));
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode target = done.get("targets").get(0);
        assertThat(target.get("attempts").asInt()).isEqualTo(2);
        assertThat(target.get("worker").asText()).startsWith("second/");
        long jobId = jdbc.queryForObject("select id from jobs where build_id = ?", Long.class, build);
        assertThat(jdbc.queryForObject("select count(*) from job_artifacts where job_id = ?", Long.class, jobId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from action_cache where job_id = ?", Long.class, jobId)).isEqualTo(1);
      }
    }
  }

  @Test
  void twentyTargetBuildOverTwoWorkersRunsEveryJobOnce() throws Exception {
    Fixtures.requireSharedBtf();
    Fixtures.SharedKernel base = Fixtures.SHARED_KERNELS.get(1);
    List<Part> parts = new ArrayList<>(ForgeClient.example("xdpcount"));
    for (int i = 0; i < 20; i++) {
      // Twenty catalog entries (same BTF, distinct releases) stand for twenty kernels of a fleet.
      String release = "6.1.0-50-fleet" + i;
      assertThat(client().uploadKernel(base.file(), release, "x86_64").statusCode()).isIn(200, 201);
      parts.add(Part.field("kernel", release));
    }
    parts.add(Part.field("toolchain", toolchain));
    parts.add(Part.field("cache", "bypass"));
    parts.add(Part.field("define", "FLEET_RUN=" + System.nanoTime()));
    try (WorkerProcess a = WorkerProcess.start("a", jdbcUrl(), DATA_DIR, toolchain, Map.of());
        WorkerProcess b = WorkerProcess.start("b", jdbcUrl(), DATA_DIR, toolchain, Map.of())) {
      await(Duration.ofMinutes(3), "the workers to publish their toolchain", this::toolchainPublished);
      HttpResponse<byte[]> submitted = client().post("/v1/builds", parts);
      assertThat(submitted.statusCode()).as(ForgeClient.text(submitted)).isEqualTo(202);
      String location = submitted.headers().firstValue("Location").orElseThrow();
      JsonNode done = ForgeClient.json(client().get(location + "?wait=120s"));
      for (int i = 0; i < 3 && !done.get("state").asText().equals("SUCCEEDED"); i++) {
        done = ForgeClient.json(client().get(location + "?wait=120s"));
      }
      assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
      assertThat(done.get("targets")).hasSize(20).allSatisfy(t -> {
        assertThat(t.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(t.get("attempts").asInt()).as("run once").isEqualTo(1);
        assertThat(t.get("cacheHit").asBoolean()).isFalse();
      });
      List<String> workers = new ArrayList<>();
      done.get("targets").forEach(t -> workers.add(t.get("worker").asText().split("/")[0]));
      assertThat(workers).as("both workers took jobs").contains("a", "b");
    }
  }
}
