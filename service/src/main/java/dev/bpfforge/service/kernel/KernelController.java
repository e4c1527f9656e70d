package dev.bpfforge.service.kernel;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import dev.bpfforge.service.security.Caller;
import dev.bpfforge.service.security.ForbiddenException;
import dev.bpfforge.service.security.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.UriComponentsBuilder;

/** The kernel catalog over HTTP: upload BTF, list, show and delete kernels. */
@RestController
class KernelController {
  private final KernelCatalog catalog;
  private final KernelUploadReader reader;

  KernelController(KernelCatalog catalog, KernelUploadReader reader) {
    this.catalog = catalog;
    this.reader = reader;
  }

  /** 201 for a new kernel; 200 for the same BTF again, or for a replace. */
  @PostMapping(path = "/v1/kernels", consumes = "multipart/form-data")
  ResponseEntity<KernelView> upload(MultipartHttpServletRequest request, Caller caller) throws IOException {
    KernelUploadForm form = KernelUploadForm.parse(request, !reader.identifiesKernels());
    // Any user may add a kernel the catalog lacks; swapping the BTF every tenant compiles against is an admin's.
    if (form.replace() && !caller.isAdmin()) {
      throw new ForbiddenException(Role.ADMIN, "replace=true swaps a kernel's BTF for every tenant and needs an admin token;"
          + " without replace, a new kernel is added (and the same BTF again is accepted).");
    }
    KernelCatalog.Added added = catalog.add(form.toKernel(reader.read(form.file()), caller.subject()), form.replace());
    Kernel kernel = added.kernel();
    URI location = UriComponentsBuilder.fromPath("/v1/kernels/{release}").queryParam("arch", kernel.arch().id())
        .buildAndExpand(kernel.release().value()).toUri();
    return ResponseEntity.status(added.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .location(location)
        .body(KernelView.full(kernel));
  }

  @GetMapping("/v1/kernels")
  List<KernelView> list() {
    return catalog.list().stream().map(KernelView::summary).toList();
  }

  @GetMapping("/v1/kernels/{release}")
  KernelView show(@PathVariable("release") String release, @RequestParam(name = "arch", required = false) String arch) {
    return KernelView.full(resolve(catalog, release, arch));
  }

  /** 204; 409 if builds were made for the kernel. */
  @DeleteMapping("/v1/kernels/{release}")
  ResponseEntity<Void> delete(@PathVariable("release") String release, @RequestParam(name = "arch", required = false) String arch) {
    catalog.delete(resolve(catalog, release, arch));
    return ResponseEntity.noContent().build();
  }

  /** The kernel a path and {@code ?arch=} name; 404 with the closest known ones if there is none. */
  static Kernel resolve(KernelCatalog catalog, String release, String arch) {
    return catalog.resolve(KernelRelease.parse(release), Optional.ofNullable(arch).filter(a -> !a.isEmpty()).map(Arch::parse));
  }
}
