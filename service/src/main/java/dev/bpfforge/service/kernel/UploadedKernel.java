package dev.bpfforge.service.kernel;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.Btf;
import dev.bpfforge.btf.KernelRelease;
import java.util.Optional;

/**
 * What an uploaded file turned out to hold: validated BTF, and whatever the file says about its
 * kernel (a vmlinux or a distro package names its release; raw BTF names nothing).
 *
 * @param sourceFormat what the upload was, as recorded in the catalog ({@code btf}, {@code btf+xz},
 *     {@code deb}, {@code bzImage+zstd}...)
 */
record UploadedKernel(
    Btf btf, String sourceFormat, Optional<KernelRelease> release, Optional<Arch> arch,
    Optional<String> distro, Optional<String> flavour) {}
