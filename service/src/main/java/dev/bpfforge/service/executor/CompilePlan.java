package dev.bpfforge.service.executor;

import dev.bpfforge.service.compile.ArtifactKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools one job runs, in order, and only those its artifact kinds need: clang (always), then
 * {@code llvm-strip -g} (strip), {@code bpftool gen skeleton} (skel, and so, which links it),
 * {@code bpftool gen min_core_btf} against the target's BTF (btf), and the loader link (so).
 * Both executors run the same plan with the same {@link #RUNNER} script inside their sandbox, so
 * the steps, their timing and the files they leave are identical wherever a job runs.
 *
 * <p>Each step travels as files under {@code /forge/plan/NN-name/}: {@code argv} (NUL-separated,
 * read with {@code mapfile -d ''}, so no value is ever parsed by a shell), {@code cwd} and,
 * for a step whose output is its stdout, {@code stdout} (a file name in the output dir).
 */
public final class CompilePlan {
  /** Step names, in the order they run (vmlinux.h is generated before the plan, and cached). */
  public static final List<String> STEPS = List.of("vmlinux.h", "clang", "strip", "skeleton", "min_btf", "link");
  /** The loader linker every toolchain with {@code .so} support provides, outside PATH in the bubblewrap sandbox. */
  public static final String LINK_SO = "/usr/local/bin/bpfforge-link-so";
  static final String PLAN = "/forge/plan";
  /** Left in the output dir by the runner: one line per step that ran: name, exit status, start, end (seconds). */
  static final String STEP_TIMES = ".steps";
  /** Left in the output dir when a tool the plan needs is not installed: its path. */
  static final String MISSING_TOOL = ".missing";

  /** Fixed text; the tools the plan needs are its arguments. Checks them all before running anything. */
  static final String RUNNER = """
      set -u
      out=/forge/out
      for tool in "$@"; do
        if [ ! -x "$tool" ]; then printf '%s\\n' "$tool" > "$out/.missing"; exit 0; fi
      done
      for step in /forge/plan/*/; do
        mapfile -d '' -t argv < "${step}argv"
        name=${step%/}; name=${name##*/}; name=${name#*-}
        cd "$(< "${step}cwd")" || exit 1
        start=$EPOCHREALTIME
        if [ -f "${step}stdout" ]; then "${argv[@]}" > "$out/$(< "${step}stdout")"; else "${argv[@]}"; fi
        status=$?
        printf '%s %s %s %s\\n' "$name" "$status" "$start" "$EPOCHREALTIME" >> "$out/.steps"
        if [ "$status" -ne 0 ]; then exit "$status"; fi
      done
      """;

  /** One tool run: argv inside the sandbox, its working dir, and the output file its stdout goes to (or null). */
  record Step(String name, List<String> argv, String workDir, String stdout) {}

  private final CompileJob job;
  private final String linkSo;

  CompilePlan(CompileJob job) {
    this(job, LINK_SO);
  }

  /** @param linkSo where the loader linker is (tests name one that is not there) */
  CompilePlan(CompileJob job, String linkSo) {
    this.job = job;
    this.linkSo = linkSo;
  }

  List<Step> steps() {
    String object = file(ArtifactKind.O);
    List<Step> steps = new ArrayList<>();
    steps.add(new Step("clang", ClangCommand.compile(job, object), SandboxPaths.SRC, null));
    if (job.options().strip()) {
      steps.add(new Step("strip", ClangCommand.stripDebug(object), SandboxPaths.SRC, null));
    }
    if (job.wants(ArtifactKind.SKEL) || job.wants(ArtifactKind.SO)) {
      steps.add(new Step("skeleton", List.of("bpftool", "gen", "skeleton", out(object), "name", job.name()),
          SandboxPaths.OUT, file(ArtifactKind.SKEL)));
    }
    if (job.wants(ArtifactKind.BTF)) {
      steps.add(new Step("min_btf", List.of("bpftool", "gen", "min_core_btf", SandboxPaths.KERNEL + "/btf",
          out(file(ArtifactKind.BTF)), out(object)), SandboxPaths.OUT, null));
    }
    if (job.wants(ArtifactKind.SO)) {
      steps.add(new Step("link", List.of(linkSo, "--arch", job.arch().id(), "--skel", out(file(ArtifactKind.SKEL)),
          "--name", job.name(), "--source-sha256", job.entryDigest().hex(), "--kernel", job.release().value(),
          "-o", out(file(ArtifactKind.SO))), SandboxPaths.OUT, null));
    }
    return steps;
  }

  /** Tools that are not in every toolchain: the runner reports a missing one instead of running anything. */
  List<String> requiredTools() {
    return job.wants(ArtifactKind.SO) ? List.of(linkSo) : List.of();
  }

  /** Whether the target's BTF must be visible at {@code /forge/kernel/btf}. */
  boolean needsKernelBtf() {
    return job.wants(ArtifactKind.BTF);
  }

  /** The artifact files the plan leaves in the output dir, by kind (the manifest is made outside). */
  Map<ArtifactKind, String> outputs() {
    Map<ArtifactKind, String> outputs = new LinkedHashMap<>();
    for (ArtifactKind kind : List.of(ArtifactKind.O, ArtifactKind.SKEL, ArtifactKind.BTF, ArtifactKind.SO)) {
      if (job.wants(kind)) {
        outputs.put(kind, file(kind));
      }
    }
    return outputs;
  }

  /** The runner's argv: bash with the fixed script, the required tools as its arguments. */
  List<String> command() {
    List<String> command = new ArrayList<>(List.of("bash", "-c", RUNNER, "plan"));
    command.addAll(requiredTools());
    return command;
  }

  /** The plan as files relative to {@code /forge/plan}. */
  Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    List<Step> steps = steps();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      String dir = String.format("%02d-%s/", i + 1, step.name());
      files.put(dir + "argv", nulSeparated(step.argv()));
      files.put(dir + "cwd", step.workDir().getBytes(StandardCharsets.UTF_8));
      if (step.stdout() != null) {
        files.put(dir + "stdout", step.stdout().getBytes(StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  private String file(ArtifactKind kind) {
    return kind.fileName(job.name());
  }

  private static String out(String file) {
    return SandboxPaths.OUT + "/" + file;
  }

  private static byte[] nulSeparated(List<String> argv) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String arg : argv) {
      if (arg.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("NUL in a tool argument");
      }
      bytes.writeBytes(arg.getBytes(StandardCharsets.UTF_8));
      bytes.write(0);
    }
    return bytes.toByteArray();
  }
}
