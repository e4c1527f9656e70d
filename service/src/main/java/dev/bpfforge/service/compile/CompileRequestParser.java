package dev.bpfforge.service.compile;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.api.MultipartForm;
import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** Reads the multipart fields of {@code POST /v1/compile} into a {@link CompileRequest}. */
public final class CompileRequestParser {
  /** Fields of POST /v1/compile: one target. */
  public static final Set<String> COMPILE_FIELDS =
      Set.of("entry", "include", "kernel", "arch", "toolchain", "define", "mcpu", "strip", "artifact", "cache", "cflag");
  /** Fields of POST /v1/builds: kernel and artifact repeat; name and version label the build. */
  public static final Set<String> BUILD_FIELDS =
      Set.of("entry", "include", "kernel", "arch", "toolchain", "define", "mcpu", "strip", "artifact", "cache", "name", "version",
          "cflag");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,127}");
  public static final Set<String> FILE_FIELDS = Set.of("file", "bundle");
  private static final Pattern TOOLCHAIN_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final String DEFAULT_ENTRY = "bpf.c";

  private final BpfForgeProperties.Limits limits;
  private final SourceTreeReader reader;

  public CompileRequestParser(BpfForgeProperties.Limits limits) {
    this.limits = limits;
    this.reader = new SourceTreeReader(limits);
  }

  /** POST /v1/compile: at most one kernel (default: this machine's). */
  public CompileRequest parseCompile(MultipartHttpServletRequest request) throws IOException {
    return parse(MultipartForm.of(request, COMPILE_FIELDS, FILE_FIELDS), false);
  }

  /** POST /v1/builds: one or more kernels, each RELEASE or RELEASE@ARCH. */
  public CompileRequest parseBuild(MultipartHttpServletRequest request) throws IOException {
    return parse(MultipartForm.of(request, BUILD_FIELDS, FILE_FIELDS), true);
  }

  private CompileRequest parse(MultipartForm form, boolean manyTargets) throws IOException {
    Optional<Arch> arch = form.single("arch").map(Arch::parse);
    List<String> kernels = manyTargets ? form.repeated("kernel") : form.single("kernel").stream().toList();
    if (manyTargets && kernels.isEmpty()) {
      throw new InvalidRequestException("kernel", "Name at least one target kernel (kernel=RELEASE or RELEASE@ARCH, repeatable).");
    }
    List<TargetSpec> targets = kernels.stream().map(k -> TargetSpec.parse(k, arch)).toList();
    ArtifactSelection artifacts = ArtifactSelection.of(form.repeated("artifact"));
    SourceTree tree = sources(form);
    CompileOptions options = new CompileOptions(
        entry(form, tree),
        includes(form, tree),
        form.repeated("define").stream().map(Define::parse).toList(),
        form.single("mcpu").map(Mcpu::parse),
        bool(form, "strip"),
        cflags(form.repeated("cflag")));
    if (targets.isEmpty() && arch.isPresent() && arch.get() != Arch.host()) {
      throw new InvalidRequestException("kernel", "Name the " + arch.get().id() + " kernel to compile for with the kernel field.");
    }
    return new CompileRequest(
        tree,
        options,
        targets,
        form.single("toolchain").map(CompileRequestParser::toolchain),
        artifacts,
        cache(form),
        form.single("name").map(v -> label("name", v)),
        form.single("version").map(v -> label("version", v)));
  }

  static List<CFlag> cflags(List<String> raw) {
    return raw.stream().map(CFlag::parse).filter(java.util.Objects::nonNull).toList();
  }

  private static String label(String field, String value) {
    if (!LABEL.matcher(value).matches()) {
      throw new InvalidRequestException(field, field + " '" + SourcePath.printable(value)
          + "' must be 1-128 letters, digits and ._+~- (it names files and release paths).");
    }
    return value;
  }

  private SourceTree sources(MultipartForm form) throws IOException {
    List<MultipartFile> files = form.files("file");
    List<MultipartFile> bundles = form.files("bundle");
    if (!files.isEmpty() && !bundles.isEmpty()) {
      throw new InvalidRequestException("bundle", "Send either file parts or one bundle, not both.");
    }
    if (bundles.size() > 1) {
      throw new InvalidRequestException("bundle", "Send one bundle (a .tar.gz of the source tree), not " + bundles.size() + ".");
    }
    SourceTree tree;
    if (bundles.size() == 1) {
      try (InputStream in = bundles.get(0).getInputStream()) {
        tree = reader.fromBundle(in);
      }
    } else {
      tree = reader.fromFiles(files);
    }
    if (tree.paths().isEmpty()) {
      throw new InvalidRequestException("file", "No sources: send the program with -F file=@bpf.c (and its headers), or -F bundle=@src.tar.gz.");
    }
    return tree;
  }

  private SourcePath entry(MultipartForm form, SourceTree tree) {
    Optional<String> named = form.single("entry");
    if (named.isPresent()) {
      SourcePath entry = SourcePath.parse(named.get(), "entry", limits.maxPathDepth());
      if (!tree.contains(entry)) {
        throw new InvalidRequestException("entry", "entry " + entry + " is not among the files sent.");
      }
      return entry;
    }
    SourcePath conventional = new SourcePath(DEFAULT_ENTRY);
    if (tree.contains(conventional)) {
      return conventional;
    }
    List<SourcePath> cFiles = tree.paths().stream().filter(SourcePath::isCSource).toList();
    if (cFiles.size() == 1) {
      return cFiles.get(0);
    }
    throw new InvalidRequestException("entry", cFiles.isEmpty()
        ? "No .c file was sent: send the program's source."
        : "Several .c files were sent (" + String.join(", ", cFiles.stream().map(SourcePath::value).toList())
            + ") and none is bpf.c: name the one to compile with the entry field.");
  }

  private List<String> includes(MultipartForm form, SourceTree tree) {
    List<String> dirs = new ArrayList<>();
    for (String raw : form.repeated("include")) {
      String dir = raw.equals(".") || raw.equals("./") ? "" : SourcePath.parse(raw, "include", limits.maxPathDepth()).value();
      if (!tree.hasDirectory(dir)) {
        throw new InvalidRequestException("include", "include directory '" + dir + "' holds none of the files sent.");
      }
      dirs.add(dir);
    }
    return List.copyOf(dirs);
  }

  private static String toolchain(String raw) {
    if (!TOOLCHAIN_ID.matcher(raw).matches()) {
      throw new InvalidRequestException("toolchain", "toolchain '" + SourcePath.printable(raw) + "' is not a toolchain id (see GET /v1/toolchains).");
    }
    return raw;
  }

  private static boolean bool(MultipartForm form, String field) {
    return form.single(field).map(v -> switch (v) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no", "" -> false;
      default -> throw new InvalidRequestException(field, field + " '" + SourcePath.printable(v) + "' must be true or false.");
    }).orElse(false);
  }

  private static boolean cache(MultipartForm form) {
    return form.single("cache").map(v -> switch (v) {
      case "bypass" -> true;
      case "use", "" -> false;
      default -> throw new InvalidRequestException("cache", "cache '" + SourcePath.printable(v) + "' must be bypass (or use, the default).");
    }).orElse(false);
  }
}
