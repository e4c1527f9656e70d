package dev.bpfforge.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests through the HTTP API (the checks made before any executor runs, so the same
 * for every executor shape): unsafe bundle entries, tar and gzip bombs, file names with shell
 * metacharacters or invalid UTF-8, options smuggled through cflag and define, and bodies far past
 * the limits. Each case asserts the exact problem, and after each a normal compile still works.
 */
class HostileRequestsIT extends ServiceIT {
  private static final String HOST = System.getProperty("os.version");
  private static final String XDP = "#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>\n"
      + "SEC(\"xdp\") int pass(struct xdp_md *ctx) { return XDP_PASS; }\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n";
  private static final long GIB = 1L << 30;

  @AfterEach
  void nextCompileRunsNormally() {
    Fixtures.requireToolchain();
    HttpResponse<byte[]> next = client().post("/v1/compile", List.of(
        Part.file("file", "bpf.c", XDP.getBytes(StandardCharsets.UTF_8)), Part.field("kernel", HOST)));
    assertThat(next.statusCode()).as(ForgeClient.text(next)).isEqualTo(200);
  }

  @Test
  void bundleEntriesThatPointOutsideTheTreeAre400() throws IOException {
    String onlyFiles = ": a bundle may hold only regular files and directories.";
    String dotDot = "' in bundle contains '..': paths must stay inside the source tree.";
    Map<Consumer<TarArchiveOutputStream>, String> entries = new LinkedHashMap<>();
    entries.put(link("evil.h", "/etc/passwd", TarConstants.LF_SYMLINK), "Bundle entry 'evil.h' is a symbolic link" + onlyFiles);
    entries.put(link("evil.h", "/etc/shadow", TarConstants.LF_LINK), "Bundle entry 'evil.h' is a hard link" + onlyFiles);
    entries.put(special("evil.h", TarConstants.LF_CHR), "Bundle entry 'evil.h' is a device" + onlyFiles);
    entries.put(special("evil.h", TarConstants.LF_BLK), "Bundle entry 'evil.h' is a device" + onlyFiles);
    entries.put(special("evil.h", TarConstants.LF_FIFO), "Bundle entry 'evil.h' is a FIFO" + onlyFiles);
    entries.put(file("../evil.h", "x"), "Path '../evil.h" + dotDot);
    entries.put(file("/etc/evil.h", "x"), "Path '/etc/evil.h' in bundle is absolute: use a path relative to the source tree.");
    entries.put(file("a/../../evil.h", "x"), "Path 'a/../../evil.h" + dotDot);
    for (Map.Entry<Consumer<TarArchiveOutputStream>, String> entry : entries.entrySet()) {
      byte[] bundle = bundle(List.of(file("bpf.c", XDP), entry.getKey()));
      assertRefusedStoringNothing(() -> compileBundle(bundle), 400, "invalid-request", "field", "bundle", entry.getValue());
    }
  }

  @Test
  void bundleEntryNamesWithShellMetacharactersOrInvalidUtf8Are400() throws IOException {
    Path pwned = Path.of("/tmp/bpfforge-pwned-" + UUID.randomUUID());
    String unsafe = "' in bundle has an empty segment or characters outside letters, digits, space and ._+@=,- .";
    for (String name : List.of("$(touch " + pwned + ").h", "`touch " + pwned + "`.h", "a;touch " + pwned + ".h", "a|b.h")) {
      byte[] bundle = bundle(List.of(file("bpf.c", XDP), file(name, "\n")));
      assertRefusedStoringNothing(() -> compileBundle(bundle), 400, "invalid-request", "field", "bundle",
          "Path '" + name + unsafe);
    }
    // The entry name as raw bytes ff fe (ISO-8859-1 writes each char as its byte): not UTF-8, so each
    // reads as '?' (commons-compress's replacement), a character no path may hold.
    byte[] latin1 = bundle(List.of(file("bpf.c", XDP), file("b\u00ff\u00fe.h", "\n")), true, "ISO-8859-1");
    assertRefusedStoringNothing(() -> compileBundle(latin1), 400, "invalid-request", "field", "bundle",
        "Path 'b??.h" + unsafe);
    assertThat(pwned).doesNotExist();
  }

  @Test
  void tarBombsStopAtTheLimitsTheyExceed() throws IOException {
    List<Consumer<TarArchiveOutputStream>> many = new ArrayList<>(List.of(file("bpf.c", XDP)));
    for (int i = 0; i < 600; i++) {
      many.add(file("h/" + i + ".h", ""));
    }
    byte[] manyFiles = bundle(many);
    assertRefusedStoringNothing(() -> compileBundle(manyFiles), 413, "limit-exceeded", "limit", "max-files",
        "A source tree may hold at most 512 files.");

    // A header that claims 10 GB: refused from the header, before any byte of it is read.
    byte[] claimed = bundle(List.of(file("bpf.c", XDP), out -> {
      TarArchiveEntry entry = new TarArchiveEntry("huge.h");
      entry.setSize(10L * GIB);
      try {
        out.putArchiveEntry(entry);
        out.write(new byte[512]);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }), false);
    assertRefusedStoringNothing(() -> compileBundle(claimed), 413, "limit-exceeded", "limit", "max-source-bytes", null);
  }

  @Test
  void gzipBombBundleStopsAtTheSourceLimit() throws IOException {
    // 1 GiB of zeros in ~1 MB of gzip: refused with the limit it exceeds, never held in memory.
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (var gzip = new GzipCompressorOutputStream(gz); var tar = new TarArchiveOutputStream(gzip)) {
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      TarArchiveEntry entry = new TarArchiveEntry("zeros.h");
      entry.setSize(GIB);
      tar.putArchiveEntry(entry);
      byte[] chunk = new byte[1 << 20];
      for (int i = 0; i < 1024; i++) {
        tar.write(chunk);
      }
      tar.closeArchiveEntry();
    }
    // The entry's header states its 1 GiB, so the budget refuses it before inflating (SourceTreeReaderTest
    // covers a header that lies, stopped by the inflated-bytes bound).
    assertRefusedStoringNothing(() -> compileBundle(gz.toByteArray()), 413, "limit-exceeded", "limit", "max-source-bytes",
        "Sources exceed " + (16L << 20) + " bytes in all.");
  }

  @Test
  void fileNamesWithShellMetacharactersOrInvalidUtf8Are400AndRunNothing() {
    Path pwned = Path.of("/tmp/bpfforge-pwned-" + UUID.randomUUID());
    for (String name : List.of("$(touch " + pwned + ").h", "`touch " + pwned + "`.h", "a;touch " + pwned + ".h",
        "a|b.h", "a&b.h", "a\nb.h", "x\".h")) {
      assertRefusedStoringNothing(() -> client().post("/v1/compile", List.of(
          Part.file("file", "bpf.c", XDP.getBytes(StandardCharsets.UTF_8)), Part.file("file", name, new byte[] {'\n'}),
          Part.field("kernel", HOST))), 400, "invalid-request", "field", "file", null);
    }
    assertRefusedStoringNothing(() -> rawFilenameCompile(new byte[] {'b', (byte) 0xff, (byte) 0xfe, '.', 'h'}), 400,
        "invalid-request", "field", "file", null);
    assertThat(pwned).doesNotExist();
  }

  @Test
  void optionsCannotBeSmuggledThroughAnyField() {
    for (String flag : List.of("-fplugin=/tmp/evil.so", "-Xclang", "-Xclang -load", "@/etc/passwd", "-Wl,-T,/etc/passwd",
        "-Wa,-a=/etc/passwd", "-Wp,-include,/etc/passwd", "-include/etc/passwd", "-I/etc", "-o/tmp/x", "-MF/tmp/x", "-B/tmp",
        "-fcrash-diagnostics-dir=/tmp", "-fcrash-diagnostics")) {
      assertRefusedStoringNothing(() -> compileWith(Part.field("cflag", flag)), 400, "invalid-request", "field", "cflag",
          "cflag '" + flag + "' is not allowed; allowed are ");
    }
    for (String define : List.of("X=1 -fplugin=/tmp/evil.so", "X=@/etc/passwd", "-fplugin=/tmp/evil.so", "X=$(id)", "X=1\n-Xclang")) {
      assertRefusedStoringNothing(() -> compileWith(Part.field("define", define)), 400, "invalid-request", "field", "define", null);
    }
    // The typed fields take no flags either: each is parsed into its value, never passed on as text.
    for (String mcpu : List.of("v3 -fplugin=/tmp/evil.so", "-Xclang", "@/etc/passwd", "v3\n-fplugin=x")) {
      assertRefusedStoringNothing(() -> compileWith(Part.field("mcpu", mcpu)), 400, "invalid-request", "field", "mcpu",
          "is not one of v1, v2, v3, v4.");
    }
    for (String include : List.of("-fplugin=/tmp/evil.so", "@/etc/passwd", "/etc")) {
      assertRefusedStoringNothing(() -> compileWith(Part.field("include", include)), 400, "invalid-request", "field", "include",
          null);
    }
    assertRefusedStoringNothing(() -> compileWith(Part.field("entry", "-fplugin=/tmp/evil.so")), 400, "invalid-request",
        "field", "entry", "entry -fplugin=/tmp/evil.so is not among the files sent.");
    HttpResponse<byte[]> allowed = compileWith(Part.field("cflag", "-O3"), Part.field("cflag", "-Wall"), Part.field("cflag", "-g"));
    assertThat(allowed.statusCode()).as(ForgeClient.text(allowed)).isEqualTo(200);
  }

  @Test
  void gigabyteBodiesAre413AndTheHeapStaysBounded() throws Exception {
    HeapWatch heap = HeapWatch.start();
    for (String path : List.of("/v1/kernels", "/v1/compile")) {
      HttpResponse<byte[]> answer = streamZeros(path, GIB);
      assertThat(answer.statusCode()).as(path).isEqualTo(413);
      assertThat(ForgeClient.json(answer).get("limit").asText()).isEqualTo("request-size");
    }
    long grown = heap.peakGrowth();
    long retained = heap.retainedGrowth();
    System.out.printf("heap: peak %d MiB, retained %d MiB above the %d MiB used before two 1 GiB bodies%n",
        grown >> 20, retained >> 20, heap.before >> 20);
    // Garbage counts in the peak, so it is no exact figure; a body held in memory would put it past 1 GiB.
    assertThat(grown).as("peak heap growth while 2 GiB were sent").isLessThan(GIB / 2);
    assertThat(retained).as("heap kept after the requests").isLessThan(64L << 20);
  }

  @Test
  void tenGigabyteGzipBombKernelIsRefusedWithoutFillingTheHeap() throws Exception {
    // 160 gzip members of 64 MiB of zeros each: 10 GiB when inflated, ~10 MB on the wire.
    ByteArrayOutputStream member = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(member) {{ def.setLevel(Deflater.BEST_COMPRESSION); }}) {
      byte[] chunk = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        gzip.write(chunk);
      }
    }
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    for (int i = 0; i < 160; i++) {
      bomb.write(member.toByteArray());
    }
    HeapWatch heap = HeapWatch.start();
    HttpResponse<byte[]> answer = client().post("/v1/kernels", List.of(Part.file("file", "vmlinux.btf.gz", bomb.toByteArray()),
        Part.field("release", "9.9.9-bomb"), Part.field("arch", "x86_64")));
    long grown = heap.peakGrowth();
    long retained = heap.retainedGrowth();
    System.out.printf("heap: peak %d MiB, retained %d MiB above %d MiB for a %d MB gzip bomb of 10 GiB%n", grown >> 20,
        retained >> 20, heap.before >> 20, bomb.size() / 1_000_000);
    assertThat(answer.statusCode()).as(ForgeClient.text(answer)).isIn(413, 422);
    assertThat(grown).as("peak heap growth while a 10 GiB bomb was refused").isLessThan(GIB / 2);
    assertThat(retained).as("heap kept after the bomb").isLessThan(64L << 20);
    assertThat(client().get("/v1/kernels/9.9.9-bomb?arch=x86_64").statusCode()).isEqualTo(404);
  }

  /** Heap used after a full GC, and the peak of every heap pool from then on. */
  private record HeapWatch(long before) {
    static HeapWatch start() {
      System.gc();
      long used = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          pool.resetPeakUsage();
          used += pool.getUsage().getUsed();
        }
      }
      return new HeapWatch(used);
    }

    /** Heap used after a full GC now, above what was used at the start. */
    long retainedGrowth() {
      System.gc();
      long used = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          used += pool.getUsage().getUsed();
        }
      }
      return used - before;
    }

    long peakGrowth() {
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      return peak - before;
    }
  }

  /**
   * Sends {@code request} and asserts the exact refusal: status, problem type, the field or limit
   * it names and (when given) its detail, or the start of it; and that no build, job, artifact,
   * cache entry or blob was written.
   */
  private void assertRefusedStoringNothing(Supplier<HttpResponse<byte[]>> request, int status, String type, String key,
      String value, String detail) {
    List<Long> before = stored();
    HttpResponse<byte[]> answer = request.get();
    String body = ForgeClient.text(answer);
    assertThat(answer.statusCode()).as(body).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = ForgeClient.json(answer);
    assertThat(problem.path("type").asText()).as(body).isEqualTo("https://bpfforge.dev/problems/" + type);
    assertThat(problem.path(key).asText()).as(body).isEqualTo(value);
    if (detail != null) {
      assertThat(problem.path("detail").asText()).as(body).satisfiesAnyOf(d -> assertThat(d).isEqualTo(detail),
          d -> assertThat(d).startsWith(detail), d -> assertThat(d).endsWith(detail));
    }
    assertThat(stored()).as("rows of builds, jobs, artifacts, job_artifacts, action_cache; blob files").isEqualTo(before);
  }

  private List<Long> stored() {
    List<Long> counts = new ArrayList<>();
    for (String table : List.of("builds", "jobs", "artifacts", "job_artifacts", "action_cache")) {
      counts.add(rows(table));
    }
    Path blobs = DATA_DIR.resolve("blobs");
    try (Stream<Path> files = Files.exists(blobs) ? Files.walk(blobs) : Stream.empty()) {
      counts.add(files.filter(Files::isRegularFile).count());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return counts;
  }

  private HttpResponse<byte[]> compileWith(Part... extra) {
    List<Part> parts = new ArrayList<>(List.of(Part.file("file", "bpf.c", XDP.getBytes(StandardCharsets.UTF_8)),
        Part.field("kernel", HOST)));
    parts.addAll(List.of(extra));
    return client().post("/v1/compile", parts);
  }

  private HttpResponse<byte[]> compileBundle(byte[] tarGz) {
    return client().post("/v1/compile", List.of(Part.file("bundle", "src.tar.gz", tarGz), Part.field("entry", "bpf.c"),
        Part.field("kernel", HOST)));
  }

  /** A multipart body whose second file's name is raw bytes, as a hostile client can send. */
  private HttpResponse<byte[]> rawFilenameCompile(byte[] filename) {
    String boundary = "hostile-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bpf.c\"\r\n\r\n" + XDP
        + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(filename);
    body.writeBytes(("\"\r\n\r\n\n\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"kernel\"\r\n\r\n" + HOST
        + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/compile"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** A multipart file part of {@code size} zero bytes, generated as it is sent: the client holds none of it. */
  private HttpResponse<byte[]> streamZeros(String path, long size) {
    String boundary = "zeros-" + UUID.randomUUID();
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"zeros.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(java.util.Collections.enumeration(
            List.<InputStream>of(new java.io.ByteArrayInputStream(head), new ZeroStream(size), new java.io.ByteArrayInputStream(tail)))))));
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return HttpClient.newHttpClient().send(request.header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code size} zero bytes, made on demand. */
  private static final class ZeroStream extends InputStream {
    private long left;

    ZeroStream(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      return left-- > 0 ? 0 : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }

  private static byte[] bundle(List<Consumer<TarArchiveOutputStream>> entries) throws IOException {
    return bundle(entries, true);
  }

  private static byte[] bundle(List<Consumer<TarArchiveOutputStream>> entries, boolean finish) throws IOException {
    return bundle(entries, finish, "UTF-8");
  }

  /** @param nameEncoding how the entry names become header bytes */
  private static byte[] bundle(List<Consumer<TarArchiveOutputStream>> entries, boolean finish, String nameEncoding)
      throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(gz);
    TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, nameEncoding);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    entries.forEach(e -> e.accept(tar));
    if (finish) {
      tar.close();
    } else {
      // A truncated archive (the claimed 10 GB never follow): end the gzip stream, not the tar entry.
      tar.flush();
      gzip.close();
    }
    return gz.toByteArray();
  }

  private static Consumer<TarArchiveOutputStream> file(String name, String content) {
    return out -> {
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(name, true);
      entry.setSize(bytes.length);
      try {
        out.putArchiveEntry(entry);
        out.write(bytes);
        out.closeArchiveEntry();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
  }

  private static Consumer<TarArchiveOutputStream> link(String name, String target, byte flag) {
    return out -> {
      TarArchiveEntry entry = new TarArchiveEntry(name, flag, true);
      entry.setLinkName(target);
      try {
        out.putArchiveEntry(entry);
        out.closeArchiveEntry();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
  }

  private static Consumer<TarArchiveOutputStream> special(String name, byte flag) {
    return out -> {
      TarArchiveEntry entry = new TarArchiveEntry(name, flag, true);
      try {
        out.putArchiveEntry(entry);
        out.closeArchiveEntry();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
  }
}
