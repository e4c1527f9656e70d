package dev.bpfforge.service.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/** Adding kernels to the catalog: valid BTF in, defects named, nothing stored for a rejected upload. */
class KernelUploadIT extends ServiceIT {

  @Test
  void hostKernelIsInTheCatalogAtStartUp() {
    JsonNode kernels = ForgeClient.json(client().get("/v1/kernels"));
    Fixtures.require(Files.isReadable(Fixtures.HOST_BTF), "/sys/kernel/btf/vmlinux");
    assertThat(kernels).anySatisfy(k -> {
      assertThat(k.get("release").asText()).isEqualTo(System.getProperty("os.version"));
      assertThat(k.get("arch").asText()).isEqualTo("x86_64");
      assertThat(k.get("typeCount").asInt()).isGreaterThan(10_000);
    });
  }

  @Test
  void xzAndPlainUploadsOfTheSameBtfAreOneKernelAndArchAliasesWork() throws Exception {
    Fixtures.requireSharedBtf();
    Fixtures.SharedKernel arm = Fixtures.SHARED_KERNELS.get(2);
    HttpResponse<byte[]> xz = client().uploadKernel(arm.file(), arm.release(), "aarch64");
    assertThat(xz.statusCode()).as(ForgeClient.text(xz)).isIn(200, 201);
    assertThat(xz.headers().firstValue("Location")).hasValue("/v1/kernels/" + arm.release() + "?arch=arm64");
    JsonNode kernel = ForgeClient.json(xz);
    assertThat(kernel.get("arch").asText()).isEqualTo("arm64");
    assertThat(kernel.get("typeCount").asInt()).isGreaterThan(50_000);

    byte[] plain;
    try (InputStream in = new XZInputStream(Files.newInputStream(arm.file()))) {
      plain = in.readAllBytes();
    }
    HttpResponse<byte[]> again = client().post("/v1/kernels", List.of(
        Part.file("file", "vmlinux", plain), Part.field("release", arm.release()), Part.field("arch", "arm64")));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(ForgeClient.json(again).get("btfSha256").asText()).isEqualTo(kernel.get("btfSha256").asText());
    assertThat(ForgeClient.json(client().get("/v1/kernels/" + arm.release() + "?arch=arm64")).get("btfSize").asLong())
        .isEqualTo(plain.length);
  }

  @Test
  void differentBtfForAKnownKernelIsAConflict() {
    Fixtures.requireSharedBtf();
    Fixtures.SharedKernel k510 = Fixtures.SHARED_KERNELS.get(0);
    Fixtures.SharedKernel k61 = Fixtures.SHARED_KERNELS.get(1);
    assertThat(client().uploadKernel(k510.file(), k510.release(), k510.arch()).statusCode()).isIn(200, 201);
    HttpResponse<byte[]> conflict = client().uploadKernel(k61.file(), k510.release(), k510.arch());
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(ForgeClient.json(conflict).get("type").asText()).endsWith("/kernel-conflict");
  }

  @Test
  void invalidBtfIsA422NamingTheDefectAndStoresNothing() throws Exception {
    long kernels = rows("kernels");
    byte[] truncated = new byte[] {(byte) 0x9f, (byte) 0xeb, 1, 0, 24, 0, 0, 0};
    HttpResponse<byte[]> response = client().post("/v1/kernels", List.of(
        Part.file("file", "x.btf", truncated), Part.field("release", "9.9.9-broken"), Part.field("arch", "x86_64")));
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(ForgeClient.json(response).get("type").asText()).endsWith("/invalid-btf");
    assertThat(ForgeClient.json(response).get("detail").asText()).containsIgnoringCase("BTF");

    HttpResponse<byte[]> elf = client().post("/v1/kernels", List.of(
        Part.file("file", "x.btf", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}), Part.field("release", "9.9.9-elf"), Part.field("arch", "x86_64")));
    assertThat(elf.statusCode()).isEqualTo(422);
    assertThat(rows("kernels")).isEqualTo(kernels);
  }

  @Test
  void malformedRequestsAre400() {
    // Valid raw BTF names no kernel: without the release field there is nothing to file it under.
    HttpResponse<byte[]> noRelease = client().post("/v1/kernels", List.of(
        Part.file("file", "x", KernelUploadReaderTest.EMPTY_BTF), Part.field("arch", "x86_64")));
    assertThat(noRelease.statusCode()).isEqualTo(400);
    assertThat(ForgeClient.json(noRelease).get("detail").asText()).contains("release");
    assertThat(ForgeClient.json(noRelease).get("field").asText()).isEqualTo("release");
    HttpResponse<byte[]> badArch = client().post("/v1/kernels", List.of(Part.file("file", "x", new byte[] {1}),
        Part.field("release", "6.1.0-1-amd64"), Part.field("arch", "sparc")));
    assertThat(badArch.statusCode()).isEqualTo(400);
    HttpResponse<byte[]> badRelease = client().post("/v1/kernels", List.of(Part.file("file", "x", new byte[] {1}),
        Part.field("release", "../../etc"), Part.field("arch", "x86_64")));
    assertThat(badRelease.statusCode()).isEqualTo(400);
  }

  @Test
  void decompressionBombIsA413() throws Exception {
    // 64 MB of zeros compress to a few KB: far past the decompression-ratio limit (50x beyond 16 MiB).
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(bomb, new LZMA2Options())) {
      byte[] header = {(byte) 0x9f, (byte) 0xeb, 1, 0, 24, 0, 0, 0};
      xz.write(header);
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        xz.write(zeros);
      }
    }
    HttpResponse<byte[]> response = client().post("/v1/kernels", List.of(
        Part.file("file", "bomb.btf.xz", bomb.toByteArray()), Part.field("release", "6.6.6-bomb"), Part.field("arch", "x86_64")));
    assertThat(response.statusCode()).as(ForgeClient.text(response)).isEqualTo(413);
    assertThat(ForgeClient.json(response).get("type").asText()).endsWith("/limit-exceeded");
  }

  @Test
  void oversizedBodyIsA413() {
    byte[] big = new byte[50 * 1024 * 1024];
    HttpResponse<byte[]> response = client().post("/v1/kernels", List.of(
        Part.file("file", "big.btf", big), Part.field("release", "6.6.6-big"), Part.field("arch", "x86_64")));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(ForgeClient.json(response).get("type").asText()).endsWith("/limit-exceeded");
  }
}
