package dev.bpfforge.service.kernel;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.Btf;
import dev.bpfforge.btf.BtfInput;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.api.MultipartForm;
import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.UriComponentsBuilder;

/** The kernel catalog over HTTP: upload BTF, list and show kernels. */
@RestController
class KernelController {
  private final KernelCatalog catalog;
  private final BpfForgeProperties.Limits limits;

  KernelController(KernelCatalog catalog, BpfForgeProperties properties) {
    this.catalog = catalog;
    this.limits = properties.limits();
  }

  @PostMapping(path = "/v1/kernels", consumes = "multipart/form-data")
  ResponseEntity<KernelView> upload(MultipartHttpServletRequest request) throws IOException {
    MultipartForm form = MultipartForm.of(request, Set.of("release", "arch"), Set.of("file"));
    KernelRelease release = KernelRelease.parse(form.required("release", "the kernel's release, as uname -r prints it."));
    Arch arch = Arch.parse(form.required("arch", "x86_64 or arm64 (amd64 and aarch64 are accepted)."));
    List<MultipartFile> files = form.files("file");
    if (files.size() != 1) {
      throw new InvalidRequestException("file", "Send exactly one file part with the kernel's BTF (curl -F file=@vmlinux.btf), not " + files.size() + ".");
    }
    byte[] raw;
    try (InputStream in = files.get(0).getInputStream()) {
      raw = BtfInput.readRaw(in, limits.maxKernelUpload().toBytes(), limits.maxKernelBtf().toBytes());
    }
    Btf btf = Btf.parse(raw);
    String format = "btf";
    KernelCatalog.Added added = catalog.add(release, arch, btf, format);
    URI location = UriComponentsBuilder.fromPath("/v1/kernels/{release}").queryParam("arch", arch.id())
        .buildAndExpand(release.value()).toUri();
    return ResponseEntity.status(added.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .location(location)
        .body(KernelView.of(added.kernel()));
  }

  @GetMapping("/v1/kernels")
  List<KernelView> list() {
    return catalog.list().stream().map(KernelView::of).toList();
  }

  @GetMapping("/v1/kernels/{release}")
  KernelView show(@PathVariable("release") String release, @RequestParam(name = "arch", required = false) String arch) {
    return KernelView.of(catalog.resolve(KernelRelease.parse(release), Optional.ofNullable(arch).map(Arch::parse)));
  }
}
