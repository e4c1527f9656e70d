package dev.bpfforge.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Authentication, roles and tenant isolation, table-driven over every operation of
 * {@code api-spec/openapi.yaml}: an operation added to the spec is covered without a new test.
 */
class AuthorizationIT extends ServiceIT {
  private static final OpenApiContract CONTRACT = OpenApiContract.load();
  private static final String HOST = System.getProperty("os.version");
  private static final Map<String, String> PROBE_VALUES = Map.of("release", "0.0.0-auth-probe",
      "id", "00000000-0000-4000-8000-000000000000", "index", "0", "sha256", "0".repeat(64),
      "arch", "x86_64", "file", "probe.o", "name", "auth-probe", "version", "latest");
  private static final String XDP = "#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>\n"
      + "SEC(\"xdp\") int tenant_pass(struct xdp_md *ctx) { return XDP_PASS; }\n"
      + "char LICENSE[] SEC(\"license\") = \"GPL\";\n";

  @Test
  void everyOperationButHealthNeedsAToken() {
    ForgeClient anonymous = client().as(null);
    ForgeClient unknown = client().as("bpff_" + UUID.randomUUID());
    for (String operation : CONTRACT.operations()) {
      String path = probePath(operation);
      boolean health = path.startsWith("/actuator/health");
      for (ForgeClient caller : List.of(anonymous, unknown)) {
        HttpResponse<byte[]> response = CONTRACT.check(operation, send(caller, operation, path));
        if (health) {
          assertThat(response.statusCode()).as(operation + " is public").isIn(200, 503);
        } else {
          assertThat(response.statusCode()).as(operation + " without a valid token").isEqualTo(401);
          assertThat(ForgeClient.json(response).get("type").asText()).isEqualTo(ApiException.TYPE_BASE + "unauthorized");
          assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
        }
      }
    }
  }

  @Test
  void pathsNoOneDeclaredAreDeniedToo() {
    // Deny by default: an endpoint another feature adds later is closed until it is given a role.
    for (String path : List.of("/v1/not-yet-written", "/actuator/env", "/actuator/info", "/")) {
      assertThat(client().as(null).send("GET", path).statusCode()).as(path).isEqualTo(401);
    }
    assertThat(client().as(token("fleet-" + UUID.randomUUID().toString().substring(0, 8), "user"))
        .send("GET", "/actuator/info").statusCode()).isEqualTo(403);
  }

  @Test
  void readTokensMayOnlyGetAndUsersMayNotAdminister() {
    String tenant = "roles-" + UUID.randomUUID().toString().substring(0, 8);
    ForgeClient read = client().as(token(tenant, "read"));
    ForgeClient user = client().as(token(tenant, "user"));
    for (String operation : CONTRACT.operations()) {
      String path = probePath(operation);
      String method = method(operation);
      // Tokens, kernel deletion and the actuator beyond health (metrics) are the operators'.
      boolean adminOnly = path.startsWith("/v1/tokens") || operation.startsWith("DELETE /v1/kernels")
          || (path.startsWith("/actuator/") && !path.startsWith("/actuator/health"));
      int asRead = CONTRACT.check(operation, send(read, operation, path)).statusCode();
      int asUser = CONTRACT.check(operation, send(user, operation, path)).statusCode();
      if (path.startsWith("/actuator/health")) {
        continue;
      }
      if (method.equals("GET") && !adminOnly) {
        assertThat(asRead).as(operation + " as read").isNotIn(401, 403);
      } else {
        assertThat(asRead).as(operation + " as read").isEqualTo(403);
      }
      if (adminOnly) {
        assertThat(asUser).as(operation + " as user").isEqualTo(403);
      } else {
        assertThat(asUser).as(operation + " as user").isNotIn(401, 403);
      }
    }
  }

  @Test
  void usersAddKernelsTheCatalogLacksButOnlyAdminsReplaceThem() {
    Fixtures.requireSharedBtf();
    Fixtures.SharedKernel k = Fixtures.SHARED_KERNELS.get(2);
    String tenant = "kernels-" + UUID.randomUUID().toString().substring(0, 8);
    ForgeClient user = client().as(token(tenant, "user"));
    HttpResponse<byte[]> added = user.uploadKernel(k.file(), k.release(), k.arch());
    assertThat(added.statusCode()).as(ForgeClient.text(added)).isIn(200, 201);
    if (added.statusCode() == 201) {
      assertThat(ForgeClient.json(added).get("uploadedBy").asText()).startsWith(tenant + "/");
    }
    HttpResponse<byte[]> replace = user.post("/v1/kernels", List.of(Part.file("file", "k.btf.xz", k.file()),
        Part.field("release", k.release()), Part.field("arch", k.arch()), Part.field("replace", "true")));
    assertThat(replace.statusCode()).isEqualTo(403);
    assertThat(ForgeClient.json(replace).get("requiredRole").asText()).isEqualTo("admin");
    assertThat(user.delete("/v1/kernels/" + k.release() + "?arch=" + k.arch()).statusCode()).isEqualTo(403);
    assertThat(client().get("/v1/kernels/" + k.release() + "?arch=" + k.arch()).statusCode()).isEqualTo(200);
  }

  @Test
  void anotherTenantsBuildsAre404ButArtifactsAreFetchableByDigest() {
    Fixtures.requireToolchain();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    ForgeClient owner = client().as(token("owner-" + suffix, "user"));
    ForgeClient other = client().as(token("other-" + suffix, "user"));
    ForgeClient otherFleet = client().as(token("other-" + suffix, "read"));

    HttpResponse<byte[]> compiled = owner.post("/v1/compile", List.of(
        Part.file("file", "bpf.c", XDP.getBytes(StandardCharsets.UTF_8)), Part.field("kernel", HOST)));
    assertThat(compiled.statusCode()).as(ForgeClient.text(compiled)).isEqualTo(200);
    String build = compiled.headers().firstValue("X-BpfForge-Build").orElseThrow();
    String digest = compiled.headers().firstValue("ETag").orElseThrow().replace("\"", "");

    for (String operation : CONTRACT.operations()) {
      if (!operation.contains("/v1/builds/{id}")) {
        continue;
      }
      String path = probePath(operation).replace(PROBE_VALUES.get("id"), build);
      HttpResponse<byte[]> answer = CONTRACT.check(operation, send(other, operation, path));
      assertThat(answer.statusCode()).as(operation + " by another tenant").isEqualTo(404);
      assertThat(ForgeClient.json(answer).get("type").asText()).isEqualTo(ApiException.TYPE_BASE + "build-not-found");
      assertThat(ForgeClient.text(answer)).doesNotContain("owner-" + suffix);
    }
    assertThat(owner.get("/v1/builds/" + build).statusCode()).isEqualTo(200);
    assertThat(owner.get("/v1/builds/" + build + "/targets/0/log").statusCode()).isEqualTo(200);
    assertThat(ids(owner.get("/v1/builds"))).contains(build);
    assertThat(ids(other.get("/v1/builds"))).doesNotContain(build);
    assertThat(ids(client().get("/v1/builds"))).as("admins see their own tenant's builds").doesNotContain(build);

    HttpResponse<byte[]> artifact = otherFleet.get("/v1/artifacts/" + digest);
    assertThat(artifact.statusCode()).isEqualTo(200);
    assertThat(artifact.body()).isEqualTo(compiled.body());
  }

  @Test
  void tokensAreShownOnceListedWithoutSecretsAndRevocable() {
    String tenant = "life-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<byte[]> created = CONTRACT.check("POST /v1/tokens", client().post("/v1/tokens",
        List.of(Part.field("tenant", tenant), Part.field("role", "read"), Part.field("name", "fleet host 1"))));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode token = ForgeClient.json(created);
    String secret = token.get("token").asText();
    assertThat(secret).startsWith("bpff_").hasSizeGreaterThanOrEqualTo(40);
    assertThat(created.headers().firstValue("Location")).hasValue("/v1/tokens/" + token.get("id").asText());

    ForgeClient holder = client().as(secret);
    assertThat(holder.get("/v1/toolchains").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> listed = CONTRACT.check("GET /v1/tokens", client().get("/v1/tokens"));
    assertThat(ForgeClient.text(listed)).doesNotContain(secret);
    JsonNode mine = find(ForgeClient.json(listed), token.get("id").asText());
    assertThat(mine.get("tenant").asText()).isEqualTo(tenant);
    assertThat(mine.get("role").asText()).isEqualTo("read");
    assertThat(mine.has("token")).isFalse();
    assertThat(mine.has("lastUsedAt")).isTrue();
    assertThat(jdbc.queryForObject("select count(*) from api_tokens where token_sha256 like '%' || ? || '%'", Long.class,
        secret)).as("the secret is not stored").isZero();

    assertThat(CONTRACT.check("DELETE /v1/tokens/{id}", client().delete("/v1/tokens/" + token.get("id").asText()))
        .statusCode()).isEqualTo(204);
    HttpResponse<byte[]> revoked = holder.get("/v1/toolchains");
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(find(ForgeClient.json(client().get("/v1/tokens")), token.get("id").asText()).has("revokedAt")).isTrue();
    assertThat(CONTRACT.check("DELETE /v1/tokens/{id}", client().delete("/v1/tokens/" + UUID.randomUUID())).statusCode())
        .isEqualTo(404);
    HttpResponse<byte[]> badRole = CONTRACT.check("POST /v1/tokens", client().post("/v1/tokens",
        List.of(Part.field("tenant", tenant), Part.field("role", "root"))));
    assertThat(badRole.statusCode()).isEqualTo(400);
    assertThat(ForgeClient.json(badRole).get("field").asText()).isEqualTo("role");
  }

  private static JsonNode find(JsonNode tokens, String id) {
    for (JsonNode t : tokens) {
      if (t.get("id").asText().equals(id)) {
        return t;
      }
    }
    throw new AssertionError("token " + id + " not listed in " + tokens);
  }

  private static List<String> ids(HttpResponse<byte[]> page) {
    List<String> ids = new ArrayList<>();
    ForgeClient.json(page).get("builds").forEach(b -> ids.add(b.get("id").asText()));
    return ids;
  }

  private static String probePath(String operation) {
    String path = operation.substring(operation.indexOf(' ') + 1);
    for (String name : OpenApiContract.pathParameters(path)) {
      path = path.replace("{" + name + "}", PROBE_VALUES.get(name));
    }
    return path;
  }

  private static String method(String operation) {
    return operation.substring(0, operation.indexOf(' '));
  }

  private static HttpResponse<byte[]> send(ForgeClient client, String operation, String path) {
    return method(operation).equals("POST") ? client.post(path, List.of()) : client.send(method(operation), path);
  }
}
