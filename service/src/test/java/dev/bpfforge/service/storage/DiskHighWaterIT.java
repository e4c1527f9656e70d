package dev.bpfforge.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ServiceIT;
import dev.bpfforge.service.support.ForgeClient.Part;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service with its disk high-water mark set below what the data dir's disk already uses: new
 * builds, compiles and kernel uploads answer 507 problem+json naming the limit, store nothing,
 * and reading goes on. Its own application context and data dir (the mark is start-up config).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DiskHighWaterIT {
  static final Path DATA_DIR = tempDir();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("bpfforge.data-dir", DATA_DIR::toString);
    // Its own application context: Coolbpf's port (7655 on the embedded default) stays with the others.
    registry.add("bpfforge.lbc.port", () -> "-1");
    registry.add("bpfforge.auth.admin-token", () -> ServiceIT.ADMIN_TOKEN);
    registry.add("bpfforge.limits.disk-high-water", () -> "1%");
    registry.add("bpfforge.register-host-kernel", () -> "false");
    registry.add("bpfforge.worker.enabled", () -> "false");
  }

  @BeforeAll
  static void diskIsMoreThanOnePercentUsed() throws IOException {
    FileStore store = Files.getFileStore(DATA_DIR);
    long used = store.getTotalSpace() - store.getUnallocatedSpace();
    assertThat(used * 100).as("the test's premise: the disk is past a 1% mark").isGreaterThan(used + store.getUsableSpace());
  }

  private ForgeClient client() {
    return new ForgeClient("http://localhost:" + port, ServiceIT.ADMIN_TOKEN);
  }

  private static void assertInsufficientStorage(HttpResponse<byte[]> response) {
    assertThat(response.statusCode()).as(ForgeClient.text(response)).isEqualTo(507);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = ForgeClient.json(response);
    assertThat(problem.get("type").asText()).isEqualTo("https://bpfforge.dev/problems/insufficient-storage");
    assertThat(problem.get("limit").asText()).isEqualTo("disk-high-water");
    assertThat(problem.get("highWater").asText()).isEqualTo("1% used");
    assertThat(problem.get("detail").asText()).contains("bpfforge.limits.disk-high-water").doesNotContain(DATA_DIR.toString());
  }

  @Test
  void newWorkIsRefusedWith507AndNothingIsStored() throws IOException {
    List<Part> program = List.of(Part.file("file", "bpf.c", "int x;".getBytes()), Part.field("kernel", "6.1.0-50-amd64"));
    assertInsufficientStorage(client().post("/v1/compile", program));
    assertInsufficientStorage(client().post("/v1/builds", program));
    assertInsufficientStorage(client().post("/v1/kernels", List.of(Part.file("file", "vmlinux", "not btf".getBytes()),
        Part.field("release", "6.1.0-50-amd64"), Part.field("arch", "x86_64"))));

    assertThat(jdbc.queryForObject("select count(*) from builds", Long.class)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from kernels", Long.class)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from artifacts", Long.class)).isZero();
    Path blobs = DATA_DIR.resolve("blobs");
    try (Stream<Path> files = Files.exists(blobs) ? Files.walk(blobs) : Stream.empty()) {
      assertThat(files.filter(Files::isRegularFile)).as("blobs written").isEmpty();
    }
  }

  @Test
  void readingGoesOnPastTheMark() {
    assertThat(client().get("/v1/kernels").statusCode()).isEqualTo(200);
    assertThat(client().get("/actuator/health").statusCode()).isEqualTo(200);
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("bpfforge-disk-it-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
