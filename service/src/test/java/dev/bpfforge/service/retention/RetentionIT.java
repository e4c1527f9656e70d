package dev.bpfforge.service.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.artifact.BlobStore;
import dev.bpfforge.service.bundle.BundleCache;
import dev.bpfforge.service.config.BpfForgeProperties;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ServiceIT;
import dev.bpfforge.service.support.ForgeClient.Part;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention over real builds: an old finished build goes with its jobs, cache entry, object and
 * sources; a recent one, the kernels' BTF and any blob younger than the grace stay. The sweep
 * runs with test clocks; its own application context and data dir, since it deletes what is old
 * and other test classes share theirs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RetentionIT {
  static final Path DATA_DIR = tempDir();
  static final String HOST = System.getProperty("os.version");

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired JdbcClient sql;
  @Autowired TransactionTemplate tx;
  @Autowired BlobStore blobs;
  @Autowired BundleCache bundles;
  @Autowired BpfForgeProperties properties;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("bpfforge.data-dir", DATA_DIR::toString);
    // Its own application context: Coolbpf's port (7655 on the embedded default) stays with the others.
    registry.add("bpfforge.lbc.port", () -> "-1");
    registry.add("bpfforge.auth.admin-token", () -> ServiceIT.ADMIN_TOKEN);
    registry.add("bpfforge.retention.builds-older-than", () -> "30d");
    registry.add("bpfforge.retention.blob-grace", () -> "1h");
  }

  private RetentionSweeper sweeperAt(Instant now) {
    return new RetentionSweeper(sql, tx, blobs, bundles, Clock.fixed(now, ZoneOffset.UTC),
        properties.retention().buildsOlderThan(), properties.retention().blobGrace());
  }

  /** A program whose object differs from any other's (the marker is a global, so it is in the object). */
  private record Compiled(UUID build, Sha256 object, Sha256 sources) {}

  private Compiled compile(String marker) {
    String source = "#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>\nint " + marker + " = 1;\n"
        + "SEC(\"xdp\") int prog(struct xdp_md *ctx) { return " + marker + " ? XDP_PASS : XDP_DROP; }\n"
        + "char LICENSE[] SEC(\"license\") = \"GPL\";\n";
    HttpResponse<byte[]> response = new ForgeClient("http://localhost:" + port, ServiceIT.ADMIN_TOKEN).post("/v1/compile",
        List.of(Part.file("file", "bpf.c", source.getBytes()), Part.field("kernel", HOST)));
    assertThat(response.statusCode()).as(ForgeClient.text(response)).isEqualTo(200);
    UUID build = UUID.fromString(response.headers().firstValue("X-BpfForge-Build").orElseThrow());
    Sha256 object = Sha256.of(response.body());
    Sha256 sources = Sha256.parse(jdbc.queryForObject("select sources_blob from builds where id = ?", String.class, build));
    return new Compiled(build, object, sources);
  }

  private long count(String sqlText, Object... args) {
    return jdbc.queryForObject(sqlText, Long.class, args);
  }

  @Test
  void oldBuildsAndWhatOnlyTheyUsedAreCollectedAfterTheGrace() throws Exception {
    Fixtures.requireToolchain();
    Fixtures.require(Files.isReadable(Fixtures.HOST_BTF), Fixtures.HOST_BTF + " (the host kernel in the catalog)");
    Compiled old = compile("old_" + System.nanoTime());
    Compiled recent = compile("recent_" + System.nanoTime());
    // The old build finished 40 days ago (as far as the database knows); its bytes were stored just now.
    jdbc.update("update builds set created_at = now() - interval '40 days', finished_at = now() - interval '40 days' where id = ?",
        old.build());
    Sha256 orphan = blobs.put(("written, never referenced " + UUID.randomUUID()).getBytes());
    Path bundleDir = DATA_DIR.resolve("cache/bundles");
    for (Compiled build : List.of(old, recent)) {
      HttpResponse<byte[]> bundle = new ForgeClient("http://localhost:" + port, ServiceIT.ADMIN_TOKEN)
          .get("/v1/builds/" + build.build() + "/bundle");
      assertThat(bundle.statusCode()).as(ForgeClient.text(bundle)).isEqualTo(200);
    }
    Path halfWritten = Files.writeString(bundleDir.resolve(".incoming-crashed.tmp"), "a replica died mid-write");
    Sha256 kernelBtf = Sha256.parse(jdbc.queryForObject("select btf_sha256 from kernels where release = ?", String.class, HOST));

    // Now: the old build goes, but everything stored within the grace stays, referenced or not.
    RetentionSweeper.Report first = sweeperAt(Instant.now()).sweep();
    assertThat(first.builds()).isEqualTo(1);
    assertThat(count("select count(*) from builds where id = ?", old.build())).isZero();
    assertThat(count("select count(*) from jobs where build_id = ?", old.build())).isZero();
    assertThat(count("select count(*) from action_cache a join jobs j on j.id = a.job_id where j.build_id = ?", old.build())).isZero();
    assertThat(blobs.contains(old.object())).as("within the grace").isTrue();
    assertThat(blobs.contains(orphan)).as("within the grace").isTrue();
    assertThat(first.bundles()).as("the old build's cached bundle").isEqualTo(1);
    assertThat(bundleDir.resolve(old.build() + ".tar.gz")).doesNotExist();
    assertThat(bundleDir.resolve(old.build() + ".tar.gz.sha256")).doesNotExist();
    assertThat(bundleDir.resolve(recent.build() + ".tar.gz")).isRegularFile();
    assertThat(halfWritten).as("a write within the grace may still be going on").exists();

    // Two hours on: past the grace, what nothing refers to any more is collected, the rest stays.
    RetentionSweeper.Report second = sweeperAt(Instant.now().plus(Duration.ofHours(2))).sweep();
    assertThat(second.artifacts()).as("the old build's object and sources").isEqualTo(2);
    assertThat(second.orphanBlobs()).isGreaterThanOrEqualTo(1);
    assertThat(blobs.contains(old.object())).isFalse();
    assertThat(blobs.contains(old.sources())).isFalse();
    assertThat(blobs.contains(orphan)).isFalse();
    assertThat(count("select count(*) from artifacts where sha256 in (?, ?)", old.object().hex(), old.sources().hex())).isZero();

    assertThat(halfWritten).as("past the grace, a partial write is abandoned").doesNotExist();
    assertThat(bundleDir.resolve(recent.build() + ".tar.gz")).isRegularFile();
    assertThat(count("select count(*) from builds where id = ?", recent.build())).isEqualTo(1);
    assertThat(blobs.contains(recent.object())).isTrue();
    assertThat(blobs.contains(recent.sources())).isTrue();
    assertThat(blobs.contains(kernelBtf)).as("the catalog's BTF").isTrue();
    HttpResponse<byte[]> artifact = new ForgeClient("http://localhost:" + port, ServiceIT.ADMIN_TOKEN).get("/v1/artifacts/" + recent.object().hex());
    assertThat(artifact.statusCode()).isEqualTo(200);
    assertThat(Sha256.of(artifact.body())).isEqualTo(recent.object());
  }

  @Test
  void unfinishedBuildsAreKeptHoweverOld() {
    UUID build = UUID.randomUUID();
    jdbc.update("""
        insert into builds (id, created_at, state, entry, source_sha256, sources_blob, options)
        values (?, now() - interval '90 days', 'QUEUED', 'bpf.c', repeat('0', 64), repeat('0', 64), '{}')""", build);
    try {
      sweeperAt(Instant.now().plus(Duration.ofDays(60))).sweep();
      assertThat(count("select count(*) from builds where id = ?", build)).isEqualTo(1);
    } finally {
      jdbc.update("delete from builds where id = ?", build);
    }
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("bpfforge-retention-it-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
