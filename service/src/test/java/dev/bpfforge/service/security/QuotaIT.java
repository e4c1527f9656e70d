package dev.bpfforge.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Per-tenant quotas with small values, in a service of its own: no running jobs (so the workers
 * claim nothing and jobs stay queued), two queued jobs and twelve requests a minute per tenant.
 * Tenants are counted apart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class QuotaIT {
  private static final Path DATA_DIR = dataDir();
  private static final String SOURCE = "#include \"vmlinux.h\"\nchar LICENSE[] __attribute__((section(\"license\"))) = \"GPL\";\n";

  @LocalServerPort int port;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("bpfforge.data-dir", DATA_DIR::toString);
    // Its own application context: Coolbpf's port (7655 on the embedded default) stays with the others.
    registry.add("bpfforge.lbc.port", () -> "-1");
    registry.add("bpfforge.auth.admin-token", () -> ServiceIT.ADMIN_TOKEN);
    // No tenant may run a job: every job stays queued, which is what the queued-jobs quota counts.
    registry.add("bpfforge.quotas.max-running-jobs", () -> "0");
    registry.add("bpfforge.quotas.max-queued-jobs", () -> "2");
    registry.add("bpfforge.quotas.requests-per-minute", () -> "12");
  }

  @Test
  void queuedJobsOverTheQuotaAre429AndOtherTenantsAreNotAffected() {
    Fixtures.requireToolchain();
    ForgeClient admin = new ForgeClient("http://localhost:" + port, ServiceIT.ADMIN_TOKEN);
    ForgeClient a = admin.as(token(admin, "quota-a"));
    ForgeClient b = admin.as(token(admin, "quota-b"));

    assertThat(submit(a).statusCode()).isEqualTo(202);
    assertThat(submit(a).statusCode()).isEqualTo(202);
    long builds = builds(a);
    HttpResponse<byte[]> third = submit(a);
    assertThat(third.statusCode()).as(ForgeClient.text(third)).isEqualTo(429);
    assertThat(ForgeClient.json(third).get("type").asText()).isEqualTo("https://bpfforge.dev/problems/quota-exceeded");
    assertThat(ForgeClient.json(third).get("limit").asText()).isEqualTo("queued-jobs");
    assertThat(third.headers().firstValue("Retry-After")).get().matches(v -> Integer.parseInt(v) > 0, "positive seconds");
    assertThat(builds(a)).as("a refused build leaves nothing behind").isEqualTo(builds);
    assertThat(submit(b).statusCode()).as("another tenant's queue is its own").isEqualTo(202);
  }

  @Test
  void requestsOverTheRateAre429WithRetryAfter() {
    ForgeClient admin = new ForgeClient("http://localhost:" + port, ServiceIT.ADMIN_TOKEN);
    ForgeClient fast = admin.as(token(admin, "rate-fast"));
    ForgeClient calm = admin.as(token(admin, "rate-calm"));
    int ok = 0;
    HttpResponse<byte[]> limited = null;
    for (int i = 0; i < 20 && limited == null; i++) {
      HttpResponse<byte[]> answer = fast.get("/v1/toolchains");
      if (answer.statusCode() == 429) {
        limited = answer;
      } else {
        assertThat(answer.statusCode()).isEqualTo(200);
        ok++;
      }
    }
    assertThat(ok).as("requests before the limit").isEqualTo(12);
    assertThat(limited).isNotNull();
    assertThat(ForgeClient.json(limited).get("limit").asText()).isEqualTo("request-rate");
    assertThat(ForgeClient.json(limited).get("maximum").asInt()).isEqualTo(12);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(calm.get("/v1/toolchains").statusCode()).as("another tenant's rate is its own").isEqualTo(200);
  }

  private HttpResponse<byte[]> submit(ForgeClient client) {
    return client.post("/v1/builds", List.of(Part.file("file", "bpf.c", SOURCE.getBytes(StandardCharsets.UTF_8)),
        Part.field("kernel", System.getProperty("os.version")), Part.field("cache", "bypass")));
  }

  private static long builds(ForgeClient client) {
    return ForgeClient.json(client.get("/v1/builds")).get("total").asLong();
  }

  private static String token(ForgeClient admin, String tenant) {
    HttpResponse<byte[]> created = admin.post("/v1/tokens", List.of(Part.field("tenant", tenant), Part.field("role", "user")));
    assertThat(created.statusCode()).as(ForgeClient.text(created)).isEqualTo(201);
    return ForgeClient.json(created).get("token").asText();
  }

  private static Path dataDir() {
    try {
      return Files.createTempDirectory("bpfforge-quota-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
