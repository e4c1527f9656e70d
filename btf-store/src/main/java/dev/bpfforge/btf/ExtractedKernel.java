package dev.bpfforge.btf;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link KernelBtfExtractor} found in an upload: the kernel's BTF, validated, and what the
 * upload says about the kernel it belongs to.
 *
 * @param btf the kernel's BTF, exactly as the kernel exposes it at {@code /sys/kernel/btf/vmlinux}
 * @param sourceFormat the upload's format, e.g. {@code btf}, {@code btf+xz}, {@code vmlinux-elf},
 *     {@code bzImage+zstd}, {@code arm64-image+gzip}, {@code deb}, {@code rpm}, {@code btfhub},
 *     {@code pahole-dwarf}
 * @param release the kernel release, from the image's {@code Linux version} banner, a package's
 *     metadata or file names, or a BTFHub member name; where several say, they agree
 * @param arch from the ELF header, the kind of image, or package metadata
 * @param distro e.g. {@code debian}, {@code ubuntu}, {@code fedora}, when a package says so
 * @param flavour the build variant in a Debian or Ubuntu release, e.g. {@code cloud-amd64}
 * @param steps what was unpacked, in order, e.g. {@code deb: data.tar.xz},
 *     {@code bzImage: zstd payload at 0x52cc}; for logs and the catalog's record
 */
public record ExtractedKernel(Btf btf, String sourceFormat, Optional<KernelRelease> release,
                              Optional<Arch> arch, Optional<String> distro, Optional<String> flavour,
                              List<String> steps) {

  public ExtractedKernel {
    Objects.requireNonNull(btf, "btf");
    Objects.requireNonNull(sourceFormat, "sourceFormat");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(distro, "distro");
    Objects.requireNonNull(flavour, "flavour");
    steps = List.copyOf(steps);
  }
}
