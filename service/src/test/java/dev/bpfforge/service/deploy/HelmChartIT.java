package dev.bpfforge.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart (helm/bpfforge) through the real helm 3.17 (scripts/install-helm.sh): it lints
 * with default and KEDA values, and what {@code helm template} renders holds what a cluster
 * needs: a worker Deployment per toolchain in values, probes on the actuator, the security
 * contexts of each shape, secrets only through secretKeyRef, and a queue-depth ScaledObject per
 * toolchain with KEDA (an HPA on CPU without).
 */
class HelmChartIT {
  static final Path CHART = Fixtures.PROJECT.resolve("helm/bpfforge");
  static final List<String> KEDA = List.of("--set", "autoscaling.keda.enabled=true");

  @BeforeAll
  static void helmInstalled() {
    Fixtures.require(Files.isExecutable(Path.of("/usr/local/bin/helm")), "helm (scripts/install-helm.sh)");
  }

  static Tools.Run helm(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/usr/local/bin/helm"));
    command.addAll(args);
    return Tools.run(command);
  }

  /** The objects {@code helm template} renders, each a parsed YAML map. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> render(List<String> extra) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("template", "forge", CHART.toString()));
    args.addAll(extra);
    Tools.Run run = helm(args);
    assertThat(run.exitCode()).as(run.output()).isZero();
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(run.output())) {
      if (doc != null) {
        objects.add((Map<String, Object>) doc);
      }
    }
    return objects;
  }

  static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  @SuppressWarnings("unchecked")
  static <T> T at(Object node, Object... path) {
    Object current = node;
    for (Object step : path) {
      current = step instanceof Integer i ? ((List<Object>) current).get(i) : ((Map<String, Object>) current).get(step);
      if (current == null) {
        return null;
      }
    }
    return (T) current;
  }

  static String name(Map<String, Object> object) {
    return at(object, "metadata", "name");
  }

  @SuppressWarnings("unchecked")
  static List<String> toolchainsInValues() throws IOException {
    Map<String, Object> values = new Yaml().load(Files.readString(CHART.resolve("values.yaml")));
    List<Map<String, Object>> toolchains = at(values, "workers", "toolchains");
    return toolchains.stream().map(t -> (String) t.get("id")).toList();
  }

  static List<Map<String, Object>> workers(List<Map<String, Object>> objects) {
    return ofKind(objects, "Deployment").stream()
        .filter(d -> "worker".equals(at(d, "metadata", "labels", "app.kubernetes.io/component"))).toList();
  }

  static Map<String, Object> api(List<Map<String, Object>> objects) {
    return ofKind(objects, "Deployment").stream().filter(d -> name(d).endsWith("-api")).findFirst().orElseThrow();
  }

  static Map<String, Object> env(Map<String, Object> container, String name) {
    List<Map<String, Object>> env = at(container, "env");
    return env.stream().filter(e -> name.equals(e.get("name"))).findFirst().orElse(null);
  }

  @Test
  void lintsCleanWithDefaultAndKedaValues() throws Exception {
    Tools.Run plain = helm(List.of("lint", "--strict", CHART.toString()));
    Tools.Run keda = helm(Stream.concat(Stream.of("lint", "--strict", CHART.toString()), KEDA.stream()).toList());
    assertThat(plain.exitCode()).as(plain.output()).isZero();
    assertThat(keda.exitCode()).as(keda.output()).isZero();
    assertThat(plain.output()).contains("1 chart(s) linted, 0 chart(s) failed");
  }

  @Test
  void everyToolchainInValuesGetsItsOwnWorkerDeployment() throws Exception {
    List<String> toolchains = toolchainsInValues();
    List<Map<String, Object>> workers = workers(render(List.of()));

    assertThat(toolchains).hasSizeGreaterThanOrEqualTo(3);
    assertThat(workers).hasSameSizeAs(toolchains);
    for (String id : toolchains) {
      Map<String, Object> worker = workers.stream().filter(w -> name(w).endsWith("-worker-" + id)).findFirst().orElseThrow();
      Map<String, Object> container = at(worker, "spec", "template", "spec", "containers", 0);
      assertThat((String) container.get("image")).isEqualTo("bpfforge/worker-" + id + ":0.1.0");
      assertThat((Object) at(env(container, "BPFFORGE_TOOLCHAINS_LOCAL_ID"), "value")).isEqualTo(id);
      assertThat((Object) at(env(container, "BPFFORGE_SANDBOX_MODE"), "value")).isEqualTo("setpriv");
      assertThat((Object) at(env(container, "BPFFORGE_WORKER_CONCURRENCY"), "value")).isEqualTo("1");
    }
  }

  @Test
  void apiIsProbedOnTheActuatorAndRunsUnprivilegedReadOnlyUnderADisruptionBudget() throws Exception {
    List<Map<String, Object>> objects = render(List.of());
    Map<String, Object> api = api(objects);
    Map<String, Object> pod = at(api, "spec", "template", "spec");
    Map<String, Object> container = at(pod, "containers", 0);

    assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
    assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
    assertThat((Boolean) at(pod, "securityContext", "runAsNonRoot")).isTrue();
    assertThat((Boolean) at(container, "securityContext", "readOnlyRootFilesystem")).isTrue();
    assertThat((Boolean) at(container, "securityContext", "allowPrivilegeEscalation")).isFalse();
    assertThat((List<String>) at(container, "securityContext", "capabilities", "drop")).containsExactly("ALL");
    assertThat((Map<String, Object>) at(container, "resources", "limits")).containsKeys("cpu", "memory");
    assertThat((Object) at(env(container, "BPFFORGE_WORKER_ENABLED"), "value")).isEqualTo("false");
    // Flyway runs once, in the init step, not in every serving replica.
    assertThat((Object) at(env(at(pod, "initContainers", 0), "BPFFORGE_MIGRATE_ONLY"), "value")).isEqualTo("true");
    assertThat((Object) at(env(container, "SPRING_FLYWAY_ENABLED"), "value")).isEqualTo("false");

    List<Map<String, Object>> budgets = ofKind(objects, "PodDisruptionBudget");
    assertThat(budgets).hasSize(1);
    assertThat((Map<String, Object>) at(budgets.get(0), "spec", "selector", "matchLabels"))
        .isEqualTo(at(api, "spec", "selector", "matchLabels"));
    assertThat(ofKind(objects, "Service")).hasSize(1);
    assertThat(ofKind(objects, "Ingress")).isEmpty();
    assertThat(ofKind(render(List.of("--set", "api.ingress.enabled=true")), "Ingress")).hasSize(1);
  }

  @Test
  void workersHoldOnlySetuidAndSetgidAndNoServiceAccountToken() throws Exception {
    for (Map<String, Object> worker : workers(render(List.of()))) {
      Map<String, Object> pod = at(worker, "spec", "template", "spec");
      Map<String, Object> security = at(pod, "containers", 0, "securityContext");
      assertThat((List<String>) at(security, "capabilities", "drop")).containsExactly("ALL");
      assertThat((List<String>) at(security, "capabilities", "add")).containsExactlyInAnyOrder("SETUID", "SETGID");
      assertThat((Boolean) security.get("allowPrivilegeEscalation")).isFalse();
      assertThat((Boolean) security.get("readOnlyRootFilesystem")).isTrue();
      assertThat((Boolean) pod.get("automountServiceAccountToken")).isFalse();
    }
  }

  @Test
  void secretsReachPodsOnlyThroughSecretKeyRefs() throws Exception {
    String password = "pw-" + System.nanoTime();
    String secretKey = "sk-" + System.nanoTime();
    String token = "tok-" + System.nanoTime();
    List<Map<String, Object>> objects = render(List.of("--set", "database.existingSecret=", "--set", "database.password=" + password,
        "--set", "s3.accessKey=AKIAEXAMPLE", "--set", "s3.secretKey=" + secretKey, "--set", "adminToken.value=" + token));
    Yaml yaml = new Yaml();

    List<Map<String, Object>> secrets = ofKind(objects, "Secret");
    assertThat(secrets).hasSize(3);
    for (Map<String, Object> object : objects) {
      if ("Secret".equals(object.get("kind"))) {
        continue;
      }
      String text = yaml.dump(object);
      for (String secret : List.of(password, secretKey, token)) {
        assertThat(text).as(object.get("kind") + " " + name(object)).doesNotContain(secret)
            .doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes()));
      }
    }
    Map<String, Object> config = ofKind(objects, "ConfigMap").get(0);
    assertThat(((Map<String, Object>) config.get("data")).keySet())
        .noneMatch(k -> k.matches(".*(PASSWORD|SECRET|TOKEN|ACCESS_KEY).*"));

    List<Map<String, Object>> deployments = ofKind(objects, "Deployment");
    int secretEnv = 0;
    for (Map<String, Object> deployment : deployments) {
      Map<String, Object> pod = at(deployment, "spec", "template", "spec");
      List<Map<String, Object>> containers = new ArrayList<>(at(pod, "containers"));
      if (pod.get("initContainers") != null) {
        containers.addAll(at(pod, "initContainers"));
      }
      for (Map<String, Object> container : containers) {
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
          if (((String) e.get("name")).matches(".*(PASSWORD|SECRET_KEY|TOKEN|ACCESS_KEY)$")) {
            secretEnv++;
            assertThat(e).as(name(deployment) + " " + e.get("name")).doesNotContainKey("value");
            assertThat((String) at(e, "valueFrom", "secretKeyRef", "name")).isNotBlank();
          }
        }
      }
    }
    // database password + both S3 keys in every container, the admin token in the API
    assertThat(secretEnv).isEqualTo(3 * (deployments.size() + 1) + 1);
  }

  @Test
  void kedaScalesEachWorkerOnItsOwnToolchainsQueuedJobs() throws Exception {
    List<String> toolchains = toolchainsInValues();
    List<Map<String, Object>> objects = render(KEDA);
    List<Map<String, Object>> scaled = ofKind(objects, "ScaledObject");

    assertThat(ofKind(objects, "HorizontalPodAutoscaler")).isEmpty();
    assertThat(scaled).hasSameSizeAs(toolchains);
    for (String id : toolchains) {
      Map<String, Object> object = scaled.stream().filter(s -> name(s).endsWith("-worker-" + id)).findFirst().orElseThrow();
      Map<String, Object> trigger = at(object, "spec", "triggers", 0);
      assertThat(trigger.get("type")).isEqualTo("postgresql");
      assertThat((String) at(trigger, "metadata", "query"))
          .isEqualTo("SELECT count(*) FROM jobs WHERE state = 'QUEUED' AND toolchain = '" + id + "'");
      assertThat((String) at(object, "spec", "scaleTargetRef", "name")).isEqualTo(name(object));
      assertThat(workers(objects)).anyMatch(w -> name(w).equals(name(object)));
      String auth = at(trigger, "authenticationRef", "name");
      assertThat(ofKind(objects, "TriggerAuthentication")).anyMatch(t -> Objects.equals(name(t), auth));
    }
    // replicas belong to the scaler, not to the Deployment
    assertThat(workers(objects)).allMatch(w -> at(w, "spec", "replicas") == null);
  }

  @Test
  void withoutKedaEachWorkerScalesOnCpu() throws Exception {
    List<Map<String, Object>> objects = render(List.of());
    List<Map<String, Object>> hpas = ofKind(objects, "HorizontalPodAutoscaler");

    assertThat(ofKind(objects, "ScaledObject")).isEmpty();
    assertThat(hpas).hasSameSizeAs(toolchainsInValues());
    for (Map<String, Object> hpa : hpas) {
      assertThat((String) at(hpa, "spec", "metrics", 0, "resource", "name")).isEqualTo("cpu");
      assertThat(workers(objects)).anyMatch(w -> name(w).equals(at(hpa, "spec", "scaleTargetRef", "name")));
    }
  }

  @Test
  void aMissingDatabaseUrlIsRefusedWithWhatToSet() throws Exception {
    Tools.Run run = helm(List.of("template", "forge", CHART.toString(), "--set", "database.url="));
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("database.url is required");
  }
}
