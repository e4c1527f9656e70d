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
 * to read the host (absolute and {@code ..} includes, {@code __has_include} probes, {@code .incbin},
 * {@code #embed}) or to exhaust the worker (macro bombs, include recursion, huge static data). A
 * random marker is written to a host file first; each case asserts its exact outcome, that the
 * marker is in no log, diagnostic or object, and (after each case) that the next job compiles.
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

  protected final String marker = "HOSTMARK" + UUID.randomUUID().toString().replace("-", "");
  protected Path hostFile;
  private byte[] btf;

  /** The executor under test. */
  protected abstract Executor executor();

  /** The toolchain it compiles with. */
  protected abstract Toolchain toolchain();

  @BeforeAll
  void hostSecret() throws IOException {
    Fixtures.require(Files.isReadable(Fixtures.HOST_BTF), Fixtures.HOST_BTF + " (the target kernel)");
    btf = Files.readAllBytes(Fixtures.HOST_BTF);
    // In /tmp, the most likely place for another job's or the service's scratch files.
    hostFile = Files.createTempFile(Path.of("/tmp"), "bpfforge-hostile-", ".h");
    Files.writeString(hostFile, "#error " + marker + "\nchar stolen[] = \"" + marker + "\";\n");
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

  @Test
  void absoluteIncludeOfAHostFileIsNotFound() throws IOException {
    CompileResult result = compileProgram("#include \"" + hostFile + "\"");
    assertFailedWithoutMarker(result, "file not found");
  }

  @Test
  void dotDotIncludeCannotClimbOutOfTheTree() throws IOException {
    String climb = "../".repeat(12) + hostFile.toString().substring(1);
    CompileResult result = compileProgram("#include \"" + climb + "\"");
    assertFailedWithoutMarker(result, "file not found");
  }

  @Test
  void hasIncludeProbingFindsNoHostFile() throws IOException {
    CompileResult result = compileProgram("""
        #if __has_include("%s") || __has_include("%s")
        #error HOST_FILE_VISIBLE
        #endif
        """.formatted(hostFile, "../".repeat(12) + hostFile.toString().substring(1)));
    assertThat(result.succeeded()).as(result.log()).isTrue();
    assertNoMarker(result);
  }

  @Test
  void incbinOfAHostFileFails() throws IOException {
    CompileResult result = compileProgram("asm(\".section .rodata\\n.incbin \\\"" + hostFile + "\\\"\\n.previous\");");
    assertFailedWithoutMarker(result, hostFile.getFileName().toString());
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
    return executor().compile(new CompileJob(new SourceTree(files), options, Arch.X86_64, Mcpu.V3, Sha256.of(btf),
        () -> btf, toolchain(), dev.bpfforge.btf.KernelRelease.parse(System.getProperty("os.version")), "bpf",
        java.util.Set.of(dev.bpfforge.service.compile.ArtifactKind.O)));
  }

  protected void assertFailedWithoutMarker(CompileResult result, String expectedInLog) {
    assertThat(result.failure()).as(result.log()).isEqualTo(CompileResult.Failure.COMPILE_ERROR);
    assertThat(result.log()).contains(expectedInLog);
    assertNoMarker(result);
  }

  protected void assertNoMarker(CompileResult result) {
    assertThat(result.log()).doesNotContain(marker);
    assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d.message()).doesNotContain(marker));
    if (result.object() != null) {
      assertThat(new String(result.object(), StandardCharsets.ISO_8859_1)).doesNotContain(marker);
    }
  }
}
