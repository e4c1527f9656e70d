package dev.bpfforge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.cli.support.Cli;
import dev.bpfforge.cli.support.CliFixtures;
import dev.bpfforge.cli.support.LiveService;
import dev.bpfforge.cli.support.ProcessResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI jar as a user runs it, against the real service jar in its own process: clang under
 * bubblewrap compiles, and the kernel verifier loads what comes back. The host kernel test runs
 * first: it is the one that needs the catalog not to hold this machine's kernel yet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOST_RELEASE = System.getProperty("os.version");
  private static LiveService service;
  private static Cli cli;

  @TempDir Path work;

  @BeforeAll
  static void startService() throws Exception {
    service = LiveService.shared();
    cli = new Cli(service);
  }

  private static void uploadSharedKernels() throws Exception {
    CliFixtures.requireSharedBtf();
    for (CliFixtures.SharedKernel k : CliFixtures.SHARED_KERNELS) {
      ProcessResult upload = cli.run(null, "kernels", "upload", k.file().toString(), "--release", k.release(), "--arch", k.arch());
      assertThat(upload.exitCode()).as(upload.toString()).isZero();
    }
  }

  private Path write(String relative, String content) throws IOException {
    Path file = work.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  @Order(1)
  void kernelLocalUploadsTheHostKernelWhenTheServiceLacksIt() throws Exception {
    CliFixtures.requireVerifier();
    ProcessResult before = cli.run(work, "kernels", "show", HOST_RELEASE);
    assertThat(before.exitCode()).as(before.toString()).isEqualTo(4);
    assertThat(before.stderr()).contains("not in the catalog");

    Path source = CliFixtures.EXAMPLES.resolve("execsnoop/execsnoop.bpf.c");
    ProcessResult first = cli.run(work, "compile", source.toString(), "--kernel", "local", "-o", "execsnoop.o");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.stderr()).contains("the service has no kernel " + HOST_RELEASE, "uploading this machine's /sys/kernel/btf/vmlinux");
    ProcessResult shown = cli.run(work, "kernels", "show", HOST_RELEASE, "--json");
    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    assertThat(JSON.readTree(shown.stdout()).get("sourceFormat").asText()).isEqualTo("btf");
    ProcessResult loaded = CliFixtures.verifierLoad(work.resolve("execsnoop.o"));
    assertThat(loaded.exitCode()).as(loaded.toString()).isZero();

    ProcessResult again = cli.run(work, "compile", source.toString(), "--kernel", "local", "-o", "again.o");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.stderr()).as("the kernel is in the catalog now").doesNotContain("uploading");
  }

  @Test
  @Order(2)
  void compileSendsHeadersFromTheEntrysDirectoryAndIncludeDirsAndTheObjectPassesTheVerifier() throws Exception {
    CliFixtures.requireVerifier();
    write("prog/src/counter.bpf.c", """
        #include "vmlinux.h"
        #include <bpf/bpf_helpers.h>
        #include "maps.h"            /* beside this file */
        #include "policy/verdict.h"  /* in a subdirectory of it */
        #include <slots.h>           /* in the -I directory */

        SEC("xdp")
        int count_packets(struct xdp_md *ctx)
        {
        	__u32 key = COUNTER_SLOT;
        	__u64 *value = bpf_map_lookup_elem(&packets, &key);
        	if (value)
        		__sync_fetch_and_add(value, 1);
        	return VERDICT;
        }

        char LICENSE[] SEC("license") = "GPL";
        """);
    write("prog/src/maps.h", """
        #ifndef MAPS_H
        #define MAPS_H
        #include <slots.h>
        struct {
        	__uint(type, BPF_MAP_TYPE_ARRAY);
        	__uint(max_entries, MAX_SLOTS);
        	__type(key, __u32);
        	__type(value, __u64);
        } packets SEC(".maps");
        #endif
        """);
    write("prog/src/policy/verdict.h", "#include \"../maps.h\"\n#define VERDICT XDP_PASS\n");
    write("prog/include/slots.h", "#pragma once\n#define MAX_SLOTS 4\n#define COUNTER_SLOT 1\n");
    Path project = work.resolve("prog");

    ProcessResult result = cli.run(project, "compile", "src/counter.bpf.c", "-I", "include", "--kernel", "local", "-o", "counter.o");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains("counter.o", HOST_RELEASE);
    Path object = project.resolve("counter.o");
    assertThat(CliFixtures.elfMachine(object)).isEqualTo(247);
    ProcessResult loaded = CliFixtures.verifierLoad(object);
    assertThat(loaded.exitCode()).as(loaded.toString()).isZero();
  }

  @Test
  @Order(3)
  void severalKernelsGiveAPerKernelDirectoryWithAManifestOfVerifiedDigests() throws Exception {
    uploadSharedKernels();
    Path source = CliFixtures.EXAMPLES.resolve("execsnoop/execsnoop.bpf.c");
    List<String> args = new java.util.ArrayList<>(List.of("compile", source.toString(), "-o", "out", "--json"));
    CliFixtures.SHARED_KERNELS.forEach(k -> args.addAll(List.of("-k", k.target())));

    ProcessResult result = cli.run(work, args.toArray(String[]::new));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode manifest = JSON.readTree(work.resolve("out/manifest.json").toFile());
    assertThat(JSON.readTree(result.stdout())).as("--json prints the manifest").isEqualTo(manifest);
    assertThat(manifest.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(manifest.get("sourceSha256").asText()).matches("[0-9a-f]{64}");
    assertThat(manifest.get("targets")).hasSize(3);
    for (CliFixtures.SharedKernel k : CliFixtures.SHARED_KERNELS) {
      Path object = work.resolve("out").resolve(k.release()).resolve(k.arch()).resolve("execsnoop.o");
      assertThat(CliFixtures.elfMachine(object)).isEqualTo(247);
      JsonNode target = java.util.stream.StreamSupport.stream(manifest.get("targets").spliterator(), false)
          .filter(t -> t.get("release").asText().equals(k.release())).findFirst().orElseThrow();
      assertThat(target.get("toolchain").get("clang").asText()).isNotBlank();
      JsonNode artifact = target.get("artifacts").get(0);
      assertThat(artifact.get("path").asText()).isEqualTo(k.release() + "/" + k.arch() + "/execsnoop.o");
      assertThat(artifact.get("sha256").asText()).isEqualTo(sha256(object));
    }
    assertThat(Files.readString(work.resolve("out/SHA256SUMS"))).contains("  6.1.0-50-arm64/arm64/execsnoop.o");

    String build = manifest.get("build").asText();
    ProcessResult shown = cli.run(work, "builds", "show", build, "--json");
    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    assertThat(JSON.readTree(shown.stdout()).get("targets")).hasSize(3);
    String digest = manifest.get("targets").get(0).get("artifacts").get(0).get("sha256").asText();
    ProcessResult fetched = cli.run(work, "artifacts", "get", digest, "-o", "fetched.o");
    assertThat(fetched.exitCode()).as(fetched.toString()).isZero();
    assertThat(sha256(work.resolve("fetched.o"))).isEqualTo(digest);
  }

  @Test
  @Order(4)
  void aCompileErrorPrintsGccStyleLinesInTheUsersPathsAndExits1() throws Exception {
    uploadSharedKernels();
    write("bad/src/prog.bpf.c", """
        #include "vmlinux.h"
        #include <bpf/bpf_helpers.h>
        #include "util.h"
        SEC("xdp") int f(struct xdp_md *ctx) { return missing_symbol; }
        char LICENSE[] SEC("license") = "GPL";
        """);
    write("bad/src/util.h", "static int helper(void) { return 1 }\n");

    ProcessResult result = cli.run(work.resolve("bad"), "compile", "src/prog.bpf.c", "-k", "6.1.0-50-amd64", "-k", "5.10.0-32-amd64", "--json");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    List<String> lines = result.stderr().lines().toList();
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("^src/util\\.h:1:\\d+: error: expected ';' after return statement$"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("^src/prog\\.bpf\\.c:4:\\d+: error: use of undeclared identifier 'missing_symbol'$"));
    assertThat(lines).as("the compiler's caret lines").anySatisfy(l -> assertThat(l).matches("^\\s+\\^\\s*$"));
    assertThat(lines).as("one set of messages for both kernels").filteredOn(l -> l.contains("missing_symbol'")).hasSize(1);
    assertThat(result.stderr()).contains("did not compile for 6.1.0-50-amd64@x86_64, 5.10.0-32-amd64@x86_64");
    assertThat(work.resolve("bad/out")).doesNotExist();
    JsonNode failed = JSON.readTree(result.stdout());
    assertThat(failed.get("state").asText()).isEqualTo("FAILED");
    assertThat(failed.get("targets").get(0).get("failure").get("kind").asText()).isEqualTo("COMPILE_ERROR");
    assertThat(failed.get("targets").get(0).get("diagnostics").findValuesAsText("file")).contains("src/util.h", "src/prog.bpf.c");
  }

  @Test
  @Order(5)
  void anUnknownKernelIsExit4NamingTheClosestKnown() throws Exception {
    uploadSharedKernels();
    Path source = CliFixtures.EXAMPLES.resolve("execsnoop/execsnoop.bpf.c");

    ProcessResult result = cli.run(work, "compile", source.toString(), "-k", "6.1.0-49-amd64");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.stderr()).startsWith("bpfforge: ").contains("6.1.0-49-amd64", "6.1.0-50-amd64");
  }

  @Test
  @Order(6)
  void aServiceThatIsNotThereIsExit3WithTheUrlToCheck() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;

    ProcessResult result = cli.run(work, "--url", url, "kernels", "list");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.stderr()).contains("cannot reach the BPF Forge service at " + url, "BPFFORGE_URL");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  @Order(7)
  void listingCommandsAnswerInTablesAndJson() throws Exception {
    uploadSharedKernels();
    ProcessResult toolchains = cli.run(work, "toolchains", "--json");
    assertThat(toolchains.exitCode()).as(toolchains.toString()).isZero();
    assertThat(JSON.readTree(toolchains.stdout()).findValuesAsText("id")).contains("local");

    ProcessResult kernels = cli.run(work, "kernels", "list");
    assertThat(kernels.exitCode()).as(kernels.toString()).isZero();
    assertThat(kernels.stdout()).contains("RELEASE", "5.10.0-32-amd64", "6.1.0-50-arm64");

    Path btf = work.resolve("k.btf");
    ProcessResult downloaded = cli.run(work, "kernels", "btf", "5.10.0-32-amd64", "-o", btf.toString());
    assertThat(downloaded.exitCode()).as(downloaded.toString()).isZero();
    assertThat(Files.readAllBytes(btf)).startsWith((byte) 0x9f, (byte) 0xeb); // the BTF magic, little-endian
  }

  @Test
  @Order(8)
  void anAdminsUserTokenCompilesIsListedWithoutItsSecretMayNotMakeTokensAndIsRefusedOnceRevoked() throws Exception {
    uploadSharedKernels();
    ProcessResult created = cli.run(work, "tokens", "create", "--tenant", "team-cli", "--role", "user", "--name", "cli e2e");

    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.stdout().lines()).as("the secret alone, for TOKEN=$(...)").hasSize(1);
    String secret = created.stdout().strip();
    assertThat(created.stderr()).contains("for tenant team-cli with role user", "will not be shown again").doesNotContain(secret);
    Matcher idInNotice = Pattern.compile("created token ([0-9a-f-]{36}) ").matcher(created.stderr());
    assertThat(idInNotice.find()).as(created.stderr()).isTrue();
    String id = idInNotice.group(1);

    Path source = CliFixtures.EXAMPLES.resolve("execsnoop/execsnoop.bpf.c");
    ProcessResult compiled = cli.runAs(secret, work, "compile", source.toString(), "-k", "6.1.0-50-amd64", "-o", "team.o");
    assertThat(compiled.exitCode()).as(compiled.toString()).isZero();
    assertThat(CliFixtures.elfMachine(work.resolve("team.o"))).isEqualTo(247);

    ProcessResult notAdmin = cli.runAs(secret, work, "tokens", "create", "--tenant", "team-cli");
    assertThat(notAdmin.exitCode()).as(notAdmin.toString()).isEqualTo(5);
    assertThat(notAdmin.stderr()).contains("token management: it needs a token with the admin role", "HTTP 403");
    assertThat(notAdmin.stdout()).isEmpty();

    ProcessResult table = cli.run(work, "tokens", "list");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.stdout()).doesNotContain(secret);
    assertThat(table.stdout().lines().filter(l -> l.startsWith(id))).singleElement().asString()
        .contains("team-cli", "user", "active", "cli e2e");
    ProcessResult listed = cli.run(work, "tokens", "list", "--json");
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    assertThat(listed.stdout()).doesNotContain(secret);
    JsonNode token = tokenWithId(JSON.readTree(listed.stdout()), id);
    assertThat(token.get("tenant").asText()).isEqualTo("team-cli");
    assertThat(token.get("role").asText()).isEqualTo("user");
    assertThat(token.has("token")).as("no secret field").isFalse();
    assertThat(token.path("lastUsedAt").asText()).as("it compiled").isNotBlank();

    ProcessResult revoked = cli.run(work, "tokens", "revoke", id, "--json");
    assertThat(revoked.exitCode()).as(revoked.toString()).isZero();
    assertThat(JSON.readTree(revoked.stdout())).isEqualTo(JSON.createObjectNode().put("id", id).put("revoked", true));

    ProcessResult refused = cli.runAs(secret, work, "kernels", "list");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(5);
    assertThat(refused.stderr()).contains("HTTP 401");
    ProcessResult after = cli.run(work, "tokens", "list", "--json");
    assertThat(tokenWithId(JSON.readTree(after.stdout()), id).path("revokedAt").asText()).isNotBlank();
  }

  @Test
  @Order(9)
  void aReadTokenMadeWithJsonFetchesButMayNotCompileAndAnUnknownIdIsExit4() throws Exception {
    uploadSharedKernels();
    ProcessResult created = cli.run(work, "tokens", "create", "--tenant", "fleet", "--role", "read", "--json");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    JsonNode answer = JSON.readTree(created.stdout());
    assertThat(answer.get("role").asText()).isEqualTo("read");
    String secret = answer.get("token").asText();

    ProcessResult kernels = cli.runAs(secret, work, "kernels", "list");
    assertThat(kernels.exitCode()).as(kernels.toString()).isZero();
    assertThat(kernels.stdout()).contains("6.1.0-50-amd64");
    Path source = CliFixtures.EXAMPLES.resolve("execsnoop/execsnoop.bpf.c");
    ProcessResult compile = cli.runAs(secret, work, "compile", source.toString(), "-k", "6.1.0-50-amd64", "-o", "fleet.o");
    assertThat(compile.exitCode()).as(compile.toString()).isEqualTo(5);
    assertThat(compile.stderr()).contains("user role", "HTTP 403");
    assertThat(work.resolve("fleet.o")).doesNotExist();

    ProcessResult unknown = cli.run(work, "tokens", "revoke", java.util.UUID.randomUUID().toString());
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(4);
    assertThat(unknown.stderr()).contains("No token has id");
    ProcessResult revoked = cli.run(work, "tokens", "revoke", answer.get("id").asText());
    assertThat(revoked.exitCode()).as(revoked.toString()).isZero();
    assertThat(revoked.stdout()).contains("revoked token " + answer.get("id").asText());
  }

  private static JsonNode tokenWithId(JsonNode tokens, String id) {
    return java.util.stream.StreamSupport.stream(tokens.spliterator(), false)
        .filter(t -> t.get("id").asText().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id + " not in " + tokens));
  }
}
