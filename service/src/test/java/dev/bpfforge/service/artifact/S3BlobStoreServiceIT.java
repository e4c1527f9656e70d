package dev.bpfforge.service.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ServiceIT;
import dev.bpfforge.service.support.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.tukaani.xz.XZInputStream;

/**
 * The whole service with {@code bpfforge.blob-store.type=s3} against a real S3 server: kernel
 * BTF and compiled objects go to the bucket and come back from it. Its own application context
 * (and data dir, and PostgreSQL), closed after the class; with the default limits, so a whole
 * kernel package can be uploaded here too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class S3BlobStoreServiceIT {
  static final String BUCKET = "bpfforge-blobs";
  static final String XDP = "#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>\n"
      + "SEC(\"xdp\") int pass(struct xdp_md *ctx) { return XDP_PASS; }\n"
      + "char LICENSE[] SEC(\"license\") = \"GPL\";\n";
  private static final S3ProxyServer S3 = startS3();
  private static final Path DATA_DIR = createDataDir();

  @LocalServerPort int port;
  @TempDir Path tmp;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("bpfforge.data-dir", DATA_DIR::toString);
    registry.add("bpfforge.auth.admin-token", () -> ServiceIT.ADMIN_TOKEN);
    registry.add("bpfforge.blob-store.type", () -> "s3");
    registry.add("bpfforge.blob-store.s3.endpoint", () -> S3.endpoint().toString());
    registry.add("bpfforge.blob-store.s3.bucket", () -> BUCKET);
    registry.add("bpfforge.blob-store.s3.access-key", () -> S3ProxyServer.ACCESS_KEY);
    registry.add("bpfforge.blob-store.s3.secret-key", () -> S3ProxyServer.SECRET_KEY);
    registry.add("bpfforge.blob-store.s3.create-bucket", () -> "true");
    registry.add("bpfforge.lbc.port", () -> "-1"); // ServiceIT's context may hold the Coolbpf port at the same time
  }

  @AfterAll
  static void stopS3() throws Exception {
    S3.close();
  }

  private RestClient http() {
    // The JDK's client, named: left to choose, RestClient takes Reactor Netty when some test
    // dependency brings it, and that stalled on a 34 MB multipart body.
    return RestClient.builder().baseUrl("http://localhost:" + port)
        .defaultHeader("Authorization", "Bearer " + ServiceIT.ADMIN_TOKEN)
        .requestFactory(new JdkClientHttpRequestFactory())
        .defaultStatusHandler(status -> true, (request, response) -> {}) // tests look at every status
        .build();
  }

  private ResponseEntity<byte[]> post(String path, MultipartBodyBuilder parts) {
    MultiValueMap<String, HttpEntity<?>> body = parts.build();
    return http().post().uri(path).contentType(MediaType.MULTIPART_FORM_DATA).body(body).retrieve().toEntity(byte[].class);
  }

  private static ByteArrayResource file(String name, byte[] content) {
    return new ByteArrayResource(content) {
      @Override
      public String getFilename() {
        return name;
      }
    };
  }

  private static String text(ResponseEntity<byte[]> response) {
    return response.getBody() == null ? "" : new String(response.getBody(), StandardCharsets.UTF_8);
  }

  @Test
  void uploadedKernelBtfIsStoredInTheBucketAndServedFromIt() throws Exception {
    Fixtures.requireSharedBtf();
    Fixtures.SharedKernel kernel = Fixtures.SHARED_KERNELS.get(1);
    MultipartBodyBuilder parts = new MultipartBodyBuilder();
    parts.part("file", file("vmlinux.btf.xz", Files.readAllBytes(kernel.file())));
    parts.part("release", kernel.release());
    parts.part("arch", kernel.arch());
    ResponseEntity<byte[]> uploaded = post("/v1/kernels", parts);
    assertThat(uploaded.getStatusCode().value()).as(text(uploaded)).isEqualTo(201);

    byte[] raw;
    try (InputStream in = new XZInputStream(Files.newInputStream(kernel.file()))) {
      raw = in.readAllBytes();
    }
    assertThat(S3.holds(BUCKET, S3BlobStore.key(Sha256.of(raw)))).isTrue();
    assertThat(DATA_DIR.resolve("blobs")).doesNotExist();
    ResponseEntity<byte[]> btf = http().get().uri("/v1/kernels/{release}/btf?arch=x86_64", kernel.release()).retrieve().toEntity(byte[].class);
    assertThat(btf.getBody()).isEqualTo(raw);
  }

  @Test
  void hostKernelsXdpProgramCompilesWithItsObjectInTheBucket() throws Exception {
    Fixtures.requireToolchain();
    Fixtures.require(Files.isReadable(Fixtures.HOST_BTF), Fixtures.HOST_BTF + " (the host kernel in the catalog)");
    MultipartBodyBuilder parts = new MultipartBodyBuilder();
    parts.part("file", file("xdp.bpf.c", XDP.getBytes(StandardCharsets.UTF_8)));
    parts.part("kernel", System.getProperty("os.version"));
    ResponseEntity<byte[]> compiled = post("/v1/compile", parts);
    assertThat(compiled.getStatusCode().value()).as(text(compiled)).isEqualTo(200);
    byte[] object = compiled.getBody();
    assertThat(Tools.elfMachine(object)).as("EM_BPF").isEqualTo(247);

    Sha256 digest = Sha256.of(object);
    assertThat(S3.holds(BUCKET, S3BlobStore.key(digest))).isTrue();
    ResponseEntity<byte[]> fetched = http().get().uri("/v1/artifacts/{sha}", digest.hex()).retrieve().toEntity(byte[].class);
    assertThat(fetched.getBody()).isEqualTo(object);

    Fixtures.requireVerifier();
    Tools.Run load = Tools.verifierLoad(Files.write(tmp.resolve("xdp.bpf.o"), object));
    assertThat(load.exitCode()).as("verifier: %s", load.output()).isZero();
  }

  @Test
  void kernelPackageUploadNamesItsOwnKernel() throws Exception {
    Path deb = Fixtures.PROJECT.resolve("../shared/kernel-packages/linux-image-6.12.94+deb13-cloud-amd64-unsigned_6.12.94-1_amd64.deb")
        .normalize();
    Fixtures.require(Files.isReadable(deb), "the Debian kernel package in " + deb.getParent());
    MultipartBodyBuilder parts = new MultipartBodyBuilder();
    parts.part("file", file(deb.getFileName().toString(), Files.readAllBytes(deb)));
    ResponseEntity<byte[]> uploaded = post("/v1/kernels", parts); // no release, no arch: the package says
    assertThat(uploaded.getStatusCode().value()).as(text(uploaded)).isIn(200, 201);
    String body = text(uploaded);
    assertThat(body).contains("\"release\":\"6.12.94+deb13-cloud-amd64\"", "\"arch\":\"x86_64\"",
        "\"distro\":\"debian\"", "\"flavour\":\"cloud-amd64\"", "\"sourceFormat\":\"deb\"", "\"bpf_loop\":true");
  }

  private static S3ProxyServer startS3() {
    try {
      return S3ProxyServer.start();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not start", e);
    }
  }

  private static Path createDataDir() {
    try {
      return Files.createTempDirectory("bpfforge-s3-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
