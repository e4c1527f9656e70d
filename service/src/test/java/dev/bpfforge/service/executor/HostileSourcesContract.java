package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.compile.CFlag;
import dev.bpfforge.service.compile.CompileOptions;
import dev.bpfforge.service.compile.Mcpu;
import dev.bpfforge.service.compile.SourcePath;
import dev.bpfforge.service.compile.SourceTree;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.toolchain.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hostile-source suite, the same for every executor shape: each case is a program that tries
 * to read a secret file (absolute and {@code ..} includes, {@code __has_include} probes,
 * {@code .incbin}), to exhaust the worker (macro bombs, include recursion, huge static data) or to
 * crash clang. Each case asserts its exact outcome, that the secret's marker is in no log,
 * diagnostic or object, and (after each case) that the next job compiles.
 *
 * <p>Where the secret lives, and so what the tools say when a source names it, is the shape's:
 * on a host (bubblewrap, a fresh container) it is a host file the sandbox does not show at all
 * ("file not found"); in a worker container it is the worker's own owner-only config, present but
 * unreadable to the tools' user ("Permission denied"). The hooks below hold the exact text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileSourcesContract {
  private static final String PROGRAM = """
      #include "vmlinux.h"
      #include <bpf/bpf_helpers.h>
      %s
      SEC("xdp") int hostile(struct xdp_md *ctx) { return XDP_PASS; }
      char LICENSE[] SEC("license") = "GPL";
      """;
  /** What clang prints once it has written a crash reproducer (preprocessed source and run script) to TMPDIR. */
  private static final String REPRODUCER_WRITTEN = "Preprocessed source(s) and associated run script(s) are located at";

  private Secret secret;
  private Path hostFile;
  private byte[] btf;

  /**
   * A file that holds {@code marker} and that no compile may read.
   *
   * @param path the file as a source would name it
   */
  protected record Secret(String path, String marker) {}

  /** Compiles one job in the shape under test. */
  protected abstract CompileResult compile(CompileJob job) throws IOException;

  /** The toolchain it compiles with. */
  protected abstract Toolchain toolchain();

  /**
   * Puts the secret in place; by default a host file in /tmp, the most likely place for another
   * job's or the service's scratch files, made so that an {@code #include} of it would print the
   * marker in an error.
   */
  protected Secret placeSecret() throws Exception {
    String marker = "HOSTMARK" + UUID.randomUUID().toString().replace("-", "");
    hostFile = Files.createTempFile(Path.of("/tmp"), "bpfforge-hostile-", ".h");
    Files.writeString(hostFile, "#error " + marker + "\nchar stolen[] = \"" + marker + "\";\n");
    return new Secret(hostFile.toString(), marker);
  }

  /** The exact message clang gives for {@code #include "written"} naming the secret: the sandbox does not show it. */
  protected String refusedInclude(String written) {
    return "'" + written + "' file not found";
  }

  /**
   * The exact message of a {@code __has_include} probe of the secret at {@code written}, or null
   * where the probe just answers false and the program compiles.
   */
  protected String refusedProbe(String written) {
    return null;
  }

  @BeforeAll
  void secretAndTarget() throws Exception {
    Fixtures.require(Files.isReadable(Fixtures.HOST_BTF), Fixtures.HOST_BTF + " (the target kernel)");
    btf = Files.readAllBytes(Fixtures.HOST_BTF);
    secret = placeSecret();
  }

  @AfterAll
  void removeSecret() throws IOException {
    if (hostFile != null) {
      Files.deleteIfExists(hostFile);
    }
  }

  @AfterEach
  void nextJobCompilesNormally() throws IOException {
    CompileResult next = compile(Map.of("bpf.c", PROGRAM.formatted("")), List.of());
    assertThat(next.succeeded()).as("a normal job after the hostile one:\n" + next.log()).isTrue();
  }

  protected Secret secret() {
    return secret;
  }

  @Test
  void absoluteIncludeOfTheSecretIsRefused() throws IOException {
    CompileResult result = compileProgram("#include \"" + secret.path() + "\"");
    assertFailedWithoutMarker(result, refusedInclude(secret.path()));
  }

  @Test
  void dotDotIncludeCannotClimbToTheSecret() throws IOException {
    String climb = climbTo(secret.path());
    CompileResult result = compileProgram("#include \"" + climb + "\"");
    assertFailedWithoutMarker(result, refusedInclude(climb));
  }

  @Test
  void hasIncludeProbingNeverOpensTheSecret() throws IOException {
    CompileResult result = compileProgram("""
        #if __has_include("%s") || __has_include("%s")
        #error SECRET_VISIBLE
        #endif
        """.formatted(secret.path(), climbTo(secret.path())));
    String refused = refusedProbe(secret.path());
    if (refused == null) {
      assertThat(result.succeeded()).as(result.log()).isTrue();
      assertNoMarker(result);
    } else {
      assertFailedWithoutMarker(result, refused);
    }
    assertThat(result.log()).doesNotContain("SECRET_VISIBLE");
  }

  @Test
  void incbinOfTheSecretFails() throws IOException {
    CompileResult result = compileProgram("asm(\".section .rodata\\n.incbin \\\"" + secret.path() + "\\\"\\n.previous\");");
    // The integrated assembler says the same whether the file is absent or unreadable.
    assertFailedWithoutMarker(result, "Could not find incbin file '" + secret.path() + "'");
  }

  @Test
  void clangCrashFailsTheJobWithoutAReproducer() throws IOException {
    // A debug pragma every clang has: the frontend traps (SIGILL, exit 132) while preprocessing.
    CompileResult result = compileProgram("#pragma clang __debug crash");
    // The source crashed clang, so resending it crashes it again: the request's fault (422), not the service's.
    assertFailedWithoutMarker(result, "clang frontend command failed with exit code 132");
    // -fno-crash-diagnostics: without it clang writes the preprocessed source and a script to TMPDIR and says where.
    assertThat(result.log()).doesNotContain(REPRODUCER_WRITTEN);
  }

  @Test
  void includeRecursionStopsWithAnError() throws IOException {
    CompileResult result = compile(Map.of("bpf.c", PROGRAM.formatted("#include \"loop.h\""),
        "loop.h", "#include \"loop.h\"\n"), List.of());
    assertFailedWithoutMarker(result, "nested too deeply");
  }

  @Test
  void macroExpansionBombEndsWithinTheLimits() throws IOException {
    StringBuilder bomb = new StringBuilder("#define B0 {0,0,0,0,0,0,0,0}\n");
    for (int i = 1; i <= 12; i++) {
      bomb.append("#define B").append(i).append(" {B").append(i - 1).append(",B").append(i - 1).append(",B")
          .append(i - 1).append(",B").append(i - 1).append(",B").append(i - 1).append(",B").append(i - 1).append(",B")
          .append(i - 1).append(",B").append(i - 1).append("}\n");
    }
    bomb.append("int bomb[] = B12;\n"); // 8^13 tokens: far beyond any memory or time limit
    CompileResult result = compileProgram(bomb.toString());
    assertThat(result.succeeded()).isFalse();
    assertThat(result.failure()).isIn(CompileResult.Failure.TIMEOUT, CompileResult.Failure.COMPILE_ERROR);
    assertNoMarker(result);
  }

  @Test
  void hugeStaticDataDoesNotBecomeAnArtifact() throws IOException {
    CompileResult result = compileProgram("char huge[1L << 30] SEC(\".data.huge\") = {1};");
    assertThat(result.succeeded()).as("a 1 GiB object must not be produced").isFalse();
    assertThat(result.failure()).isIn(CompileResult.Failure.OUTPUT_LIMIT, CompileResult.Failure.COMPILE_ERROR,
        CompileResult.Failure.TIMEOUT);
    assertThat(result.object()).isNull();
  }

  @Test
  void allowListedFlagsReachClangAndWorkAsFlags() throws IOException {
    // -Werror turns the unused variable into an error: the flag was passed as a flag, nothing more.
    CompileResult result = compile(Map.of("bpf.c", PROGRAM.formatted("static int unused_fn(void) { int x; return 0; }")),
        List.of(new CFlag("-Wunused-variable"), new CFlag("-Werror")));
    assertFailedWithoutMarker(result, "unused variable");
  }

  protected CompileResult compileProgram(String body) throws IOException {
    return compile(Map.of("bpf.c", PROGRAM.formatted(body)), List.of());
  }

  protected CompileResult compile(Map<String, String> sources, List<CFlag> cflags) throws IOException {
    Map<SourcePath, byte[]> files = new LinkedHashMap<>();
    sources.forEach((path, text) -> files.put(new SourcePath(path), text.getBytes(StandardCharsets.UTF_8)));
    CompileOptions options = new CompileOptions(new SourcePath("bpf.c"), List.of(), List.of(), Optional.empty(), false, cflags);
    return compile(new CompileJob(new SourceTree(files), options, Arch.X86_64, Mcpu.V3, Sha256.of(btf),
        () -> btf, toolchain(), dev.bpfforge.btf.KernelRelease.parse(System.getProperty("os.version")), "bpf",
        java.util.Set.of(dev.bpfforge.service.compile.ArtifactKind.O)));
  }

  protected void assertFailedWithoutMarker(CompileResult result, String expectedInLog) {
    assertThat(result.failure()).as(result.log()).isEqualTo(CompileResult.Failure.COMPILE_ERROR);
    assertThat(result.log()).contains(expectedInLog);
    assertNoMarker(result);
  }

  protected void assertNoMarker(CompileResult result) {
    String marker = secret.marker();
    assertThat(result.log()).doesNotContain(marker);
    assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d.message()).doesNotContain(marker));
    if (result.object() != null) {
      assertThat(new String(result.object(), StandardCharsets.ISO_8859_1)).doesNotContain(marker);
    }
  }

  /** {@code path} reached from the source tree by climbing far past any root. */
  private static String climbTo(String path) {
    return "../".repeat(12) + path.substring(1);
  }
}
