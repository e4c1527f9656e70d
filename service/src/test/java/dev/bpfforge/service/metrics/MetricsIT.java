package dev.bpfforge.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.service.queue.JobQueue;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import dev.bpfforge.service.toolchain.Toolchains;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * After a cold compile, a cache hit, a compile error and a worker that vanished mid-job, every
 * series the operators' dashboards and the autoscaler read is on /actuator/prometheus with the
 * values those events produced.
 */
class MetricsIT extends ServiceIT {
  static final String HOST = System.getProperty("os.version");

  @Autowired Toolchains toolchains;
  @Autowired JobQueue queue;

  /** Samples of one metric as "labels -> value", e.g. {toolchain="x",result="hit"} -> 1.0. */
  private Map<String, Double> series(String metric) {
    HttpResponse<byte[]> response = client().get("/actuator/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(ForgeClient.text(response));
    Map<String, Double> samples = new java.util.LinkedHashMap<>();
    while (m.find()) {
      samples.put(m.group(1) == null ? "" : m.group(1), Double.parseDouble(m.group(2)));
    }
    return samples;
  }

  /** The value of the sample whose labels contain every one of {@code labels} (0 if there is none). */
  private double value(String metric, String... labels) {
    return series(metric).entrySet().stream()
        .filter(e -> List.of(labels).stream().allMatch(l -> e.getKey().contains(l)))
        .mapToDouble(Map.Entry::getValue).sum();
  }

  private HttpResponse<byte[]> compile(List<Part> parts) {
    List<Part> all = new ArrayList<>(parts);
    all.add(Part.field("kernel", HOST));
    return client().post("/v1/compile", all);
  }

  @Test
  void buildsCacheHitsFailuresAndExpiredLeasesShowUpWithTheirValues() throws Exception {
    Fixtures.requireToolchain();
    String toolchain = toolchains.local().get(0).id();
    String tc = "toolchain=\"" + toolchain + "\"";
    double started = value("bpfforge_jobs_started_total", tc);
    double succeeded = value("bpfforge_jobs_completed_total", tc, "outcome=\"succeeded\"");
    double compileErrors = value("bpfforge_jobs_completed_total", tc, "failure=\"compile_error\"");
    double hits = value("bpfforge_cache_lookups_total", tc, "result=\"hit\"");
    double misses = value("bpfforge_cache_lookups_total", tc, "result=\"miss\"");
    double executorErrors = value("bpfforge_executor_failures_total", tc, "reason=\"compile_error\"");
    double clangRuns = value("bpfforge_compile_duration_seconds_count", tc, "phase=\"clang\"");
    double jobs = value("bpfforge_compile_duration_seconds_count", tc, "phase=\"job\"");

    // A cold compile (a define no other test uses makes a new action key), then the same again: a hit.
    List<Part> program = new ArrayList<>(ForgeClient.example("xdpcount"));
    program.add(Part.field("define", "METRICS_RUN=" + System.nanoTime()));
    HttpResponse<byte[]> cold = compile(program);
    assertThat(cold.statusCode()).as(ForgeClient.text(cold)).isEqualTo(200);
    HttpResponse<byte[]> hit = compile(program);
    assertThat(hit.headers().firstValue("X-BpfForge-Cache")).contains("hit");
    HttpResponse<byte[]> broken = compile(List.of(Part.file("file", "bpf.c",
        ("int f(void) { return undeclared_" + System.nanoTime() + "; }\n").getBytes())));
    assertThat(broken.statusCode()).isEqualTo(422);

    assertThat(value("bpfforge_jobs_started_total", tc)).isEqualTo(started + 2);
    assertThat(value("bpfforge_jobs_completed_total", tc, "outcome=\"succeeded\"")).isEqualTo(succeeded + 1);
    assertThat(value("bpfforge_jobs_completed_total", tc, "failure=\"compile_error\"")).isEqualTo(compileErrors + 1);
    assertThat(value("bpfforge_cache_lookups_total", tc, "result=\"hit\"")).isEqualTo(hits + 1);
    assertThat(value("bpfforge_cache_lookups_total", tc, "result=\"miss\"")).isEqualTo(misses + 2);
    assertThat(value("bpfforge_executor_failures_total", tc, "reason=\"compile_error\"")).isEqualTo(executorErrors + 1);
    assertThat(value("bpfforge_compile_duration_seconds_count", tc, "phase=\"clang\"")).isEqualTo(clangRuns + 2);
    assertThat(value("bpfforge_compile_duration_seconds_count", tc, "phase=\"job\"")).isEqualTo(jobs + 2);
    assertThat(value("bpfforge_compile_duration_seconds_sum", tc, "phase=\"job\"")).isPositive();
    assertThat(series("bpfforge_compile_duration_seconds_bucket").keySet())
        .as("a histogram Prometheus can take quantiles of").anyMatch(k -> k.contains(tc) && k.contains("le=\"+Inf\""));
    assertThat(series("bpfforge_compile_duration_seconds_count").keySet()).as("vmlinux.h was generated at least once")
        .anyMatch(k -> k.contains("phase=\"vmlinux_h\""));
  }

  @Test
  void aVanishedWorkersJobCountsAsAnExpiredLeaseAndShowsInTheQueueGauges() throws Exception {
    // A job of a toolchain no worker here holds, claimed by a worker that then vanished: its
    // lease lies in the past. The reaper queues it again, where it waits (nobody runs it).
    String toolchain = "gone-" + UUID.randomUUID().toString().substring(0, 8);
    UUID build = UUID.randomUUID();
    long kernel = jdbc.queryForObject("select min(id) from kernels", Long.class);
    jdbc.update("""
        insert into builds (id, created_at, state, entry, source_sha256, sources_blob, options)
        values (?, now() - interval '5 minutes', 'RUNNING', 'bpf.c', repeat('0', 64), repeat('0', 64), '{}')""", build);
    jdbc.update("""
        insert into jobs (build_id, target_index, kernel_id, toolchain, mcpu, action_key, state, attempts, max_attempts,
                          worker, lease_version, lease_expires_at, queued_at, started_at)
        values (?, 0, ?, ?, 'v3', repeat('1', 64), 'RUNNING', 1, 3, 'vanished/1/0', 1,
                now() - interval '1 minute', now() - interval '5 minutes', now() - interval '4 minutes')""",
        build, kernel, toolchain);
    try {
      String tc = "toolchain=\"" + toolchain + "\"";
      queue.reapExpired(); // or the scheduled reaper got there first: the count is the same
      assertThat(value("bpfforge_queue_lease_expired_total", tc, "result=\"requeued\"")).isEqualTo(1);

      // The gauges refresh on a schedule (bpfforge.metrics.queue-refresh); wait for the next one.
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!series("bpfforge_queue_depth").containsKey("{" + tc + "}")) {
        assertThat(System.nanoTime()).as("waiting for the queue gauges to refresh").isLessThan(deadline);
        Thread.sleep(200);
      }
      assertThat(series("bpfforge_queue_depth")).containsEntry("{" + tc + "}", 1.0);
      assertThat(series("bpfforge_queue_oldest_age_seconds").get("{" + tc + "}"))
          .as("queued five minutes ago").isGreaterThanOrEqualTo(299.0);
    } finally {
      jdbc.update("delete from builds where id = ?", build);
    }
  }
}
