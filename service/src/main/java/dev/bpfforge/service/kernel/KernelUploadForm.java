package dev.bpfforge.service.kernel;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.api.MultipartForm;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * The fields of {@code POST /v1/kernels}, parsed: identifiers become value objects here, and
 * nothing unchecked goes further.
 */
record KernelUploadForm(
    MultipartFile file, Optional<KernelRelease> release, Optional<Arch> arch,
    Optional<String> distro, Optional<String> flavour, boolean replace) {

  static final String RELEASE_HINT = "the kernel's release, as uname -r prints it; raw BTF does not name it"
      + " (a vmlinux, vmlinuz or kernel package does).";
  static final String ARCH_HINT = "x86_64 or arm64 (amd64 and aarch64 are accepted).";
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}");

  /**
   * @param identityRequired whether release and arch must be given (the upload cannot name its
   *     kernel); checked before the file is read, so a missing field is reported first
   */
  static KernelUploadForm parse(MultipartHttpServletRequest request, boolean identityRequired) {
    MultipartForm form = MultipartForm.of(request, Set.of("release", "arch", "distro", "flavour", "replace"), Set.of("file"));
    Optional<KernelRelease> release = identityRequired
        ? Optional.of(KernelRelease.parse(form.required("release", RELEASE_HINT)))
        : nonEmpty(form, "release").map(KernelRelease::parse);
    Optional<Arch> arch = identityRequired
        ? Optional.of(Arch.parse(form.required("arch", ARCH_HINT)))
        : nonEmpty(form, "arch").map(Arch::parse);
    List<MultipartFile> files = form.files("file");
    if (files.size() != 1) {
      throw new InvalidRequestException("file", "Send exactly one file part with the kernel's BTF (curl -F file=@vmlinux.btf), not " + files.size() + ".");
    }
    return new KernelUploadForm(files.get(0), release, arch, label(form, "distro"), label(form, "flavour"), flag(form, "replace"));
  }

  /**
   * The kernel this upload adds: what the form names, else what the file names. When both name
   * one they must agree: a vmlinux of 6.1 uploaded as 5.10 is a mistake to report, not to store.
   */
  KernelCatalog.NewKernel toKernel(UploadedKernel read, String uploadedBy) {
    KernelRelease r = agree("release", release, read.release(), KernelRelease::value, RELEASE_HINT);
    Arch a = agree("arch", arch, read.arch(), Arch::id, ARCH_HINT);
    // A label read from a package that is no valid label (too long, odd characters) is dropped, not an error.
    return new KernelCatalog.NewKernel(r, a, read.btf(), read.sourceFormat(),
        distro.or(() -> read.distro().filter(KernelUploadForm::isLabel)),
        flavour.or(() -> read.flavour().filter(KernelUploadForm::isLabel)), Optional.of(uploadedBy));
  }

  private static <T> T agree(String field, Optional<T> given, Optional<T> read, Function<T, String> name, String hint) {
    if (given.isPresent() && read.isPresent() && !given.get().equals(read.get())) {
      throw new InvalidRequestException(field, "Field " + field + " is " + name.apply(given.get()) + " but the uploaded file is of "
          + name.apply(read.get()) + "; leave the field out or correct it.");
    }
    return given.or(() -> read).orElseThrow(() -> new InvalidRequestException(field,
        "Field " + field + " is required (the uploaded file does not name it): " + hint));
  }

  private static Optional<String> nonEmpty(MultipartForm form, String name) {
    return form.single(name).filter(v -> !v.isEmpty());
  }

  private static Optional<String> label(MultipartForm form, String name) {
    Optional<String> value = nonEmpty(form, name);
    if (value.isPresent() && !isLabel(value.get())) {
      throw new InvalidRequestException(name, "Field " + name + " must be 1 to 64 letters, digits and . _ + ~ -,"
          + " starting with a letter or digit (e.g. debian, ubuntu, cloud-amd64).");
    }
    return value;
  }

  private static boolean isLabel(String value) {
    return LABEL.matcher(value).matches();
  }

  private static boolean flag(MultipartForm form, String name) {
    Optional<String> value = nonEmpty(form, name);
    if (value.isEmpty() || value.get().equals("false")) {
      return false;
    }
    if (value.get().equals("true")) {
      return true;
    }
    throw new InvalidRequestException(name, "Field " + name + " is true or false, not '" + value.get().replaceAll("[^\\w.-]", "?") + "'.");
  }
}
