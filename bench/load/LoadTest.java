import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load test for a running BPF Forge (never part of the test suite): N client threads send
 * POST /v1/compile for one example over several kernels for a bounded time, a share of them
 * cold (cache=bypass), the rest asking for what is already cached, and print throughput,
 * p50/p95/p99 latency and errors. Only 127.0.0.1.
 *
 *   java bench/load/LoadTest.java PORT CLIENTS SECONDS COLD_PERCENT TOOLCHAIN KERNEL[,KERNEL...] [LABEL]
 *
 * BPFFORGE_TOKENS (comma-separated; or BPFFORGE_TOKEN, one) are the bearer tokens: client i sends
 * token i mod n, so the load spreads over the tenants as a shared service's users would. Prints one
 * summary line starting with "RESULT" that bench/load/run.sh reads.
 */
public class LoadTest {
  /** A request may wait this long (queued behind the others) before it counts as an error. */
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

  record Sample(long nanos, boolean cold, int status, String error) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 6) {
      System.err.println("usage: java LoadTest.java PORT CLIENTS SECONDS COLD_PERCENT TOOLCHAIN KERNEL[,KERNEL...] [LABEL]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    int clients = Integer.parseInt(args[1]);
    Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
    int coldPercent = Integer.parseInt(args[3]);
    String toolchain = args[4];
    List<String> kernels = List.of(args[5].split(","));
    String label = args.length > 6 ? args[6] : "run";
    String base = "http://127.0.0.1:" + port;
    Path example = Path.of("examples/xdpcount");
    byte[] source = Files.readAllBytes(example.resolve("xdpcount.bpf.c"));
    byte[] header = Files.readAllBytes(example.resolve("include/common.h"));
    List<String> tokens = List.of(System.getenv().getOrDefault("BPFFORGE_TOKENS",
        System.getenv().getOrDefault("BPFFORGE_TOKEN", "")).split(","));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    // Warm the cache for every kernel first, so the "hit" share really is answered from it.
    for (String kernel : kernels) {
      HttpResponse<byte[]> warm = http.send(request(base, tokens.get(0), form(source, header, kernel, toolchain, false)),
          HttpResponse.BodyHandlers.ofByteArray());
      if (warm.statusCode() != 200) {
        throw new IllegalStateException("warm-up compile for " + kernel + " answered " + warm.statusCode() + ": "
            + new String(warm.body(), StandardCharsets.UTF_8));
      }
    }

    List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      String token = tokens.get(c % tokens.size());
      Thread thread = new Thread(() -> {
        // Bounded: a client sends no new request after the deadline.
        while (System.nanoTime() < deadline) {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          boolean cold = random.nextInt(100) < coldPercent;
          String kernel = kernels.get(random.nextInt(kernels.size()));
          long sent = System.nanoTime();
          try {
            HttpResponse<byte[]> response = http.send(request(base, token, form(source, header, kernel, toolchain, cold)),
                HttpResponse.BodyHandlers.ofByteArray());
            String error = response.statusCode() == 200 ? null : "HTTP " + response.statusCode();
            samples.add(new Sample(System.nanoTime() - sent, cold, response.statusCode(), error));
            if (error != null) {
              errors.computeIfAbsent(error + " " + new String(response.body(), StandardCharsets.UTF_8).lines().findFirst().orElse(""),
                  k -> new AtomicInteger()).incrementAndGet();
            }
          } catch (Exception e) {
            samples.add(new Sample(System.nanoTime() - sent, cold, 0, e.toString()));
            errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
          }
        }
      }, "client-" + c);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    report(label, clients, coldPercent, kernels.size(), elapsed, samples, errors);
  }

  static void report(String label, int clients, int coldPercent, int kernels, double elapsed, List<Sample> samples,
      Map<String, AtomicInteger> errors) {
    List<Sample> ok = samples.stream().filter(s -> s.error() == null).toList();
    long cold = ok.stream().filter(Sample::cold).count();
    System.out.printf("%s: %d clients, %d%% cold over %d kernel(s), %.1f s%n", label, clients, coldPercent, kernels, elapsed);
    System.out.printf("  requests %d, ok %d (cold %d, cached %d), errors %d%n", samples.size(), ok.size(), cold, ok.size() - cold,
        samples.size() - ok.size());
    System.out.printf("  throughput %.2f req/s (cold compiles %.2f/s)%n", ok.size() / elapsed, cold / elapsed);
    for (String kind : List.of("all", "cold", "cached")) {
      List<Long> nanos = ok.stream().filter(s -> kind.equals("all") || s.cold() == kind.equals("cold"))
          .map(Sample::nanos).sorted().toList();
      if (!nanos.isEmpty()) {
        System.out.printf("  latency %-6s p50 %7.0f ms  p95 %7.0f ms  p99 %7.0f ms  max %7.0f ms%n", kind,
            pct(nanos, 50), pct(nanos, 95), pct(nanos, 99), nanos.get(nanos.size() - 1) / 1e6);
      }
    }
    new TreeMap<>(errors).forEach((what, n) -> System.out.printf("  error x%d: %s%n", n.get(), what));
    System.out.printf("RESULT %s ok=%d errors=%d seconds=%.1f throughput=%.3f cold_throughput=%.3f p50_ms=%.0f p95_ms=%.0f p99_ms=%.0f%n",
        label, ok.size(), samples.size() - ok.size(), elapsed, ok.size() / elapsed, cold / elapsed,
        pct(ok.stream().map(Sample::nanos).sorted().toList(), 50), pct(ok.stream().map(Sample::nanos).sorted().toList(), 95),
        pct(ok.stream().map(Sample::nanos).sorted().toList(), 99));
  }

  static double pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
  }

  static HttpRequest request(String base, String token, Form form) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/v1/compile"))
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "multipart/form-data; boundary=" + form.boundary())
        .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()));
    if (token != null && !token.isBlank()) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.build();
  }

  record Form(String boundary, byte[] body) {}

  static Form form(byte[] source, byte[] header, String kernel, String toolchain, boolean cold) {
    String boundary = "load-" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    file(out, boundary, "xdpcount.bpf.c", source);
    file(out, boundary, "include/common.h", header);
    field(out, boundary, "include", "include");
    field(out, boundary, "kernel", kernel);
    field(out, boundary, "toolchain", toolchain);
    if (cold) {
      field(out, boundary, "cache", "bypass");
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return new Form(boundary, out.toByteArray());
  }

  static void field(ByteArrayOutputStream out, String boundary, String name, String value) {
    out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
        .getBytes(StandardCharsets.UTF_8));
  }

  static void file(ByteArrayOutputStream out, String boundary, String filename, byte[] content) {
    out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
  }
}
