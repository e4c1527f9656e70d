package dev.bpfforge.service.kernel;

import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.artifact.Downloads;
import dev.bpfforge.service.executor.Executors;
import dev.bpfforge.service.toolchain.Toolchain;
import dev.bpfforge.service.toolchain.Toolchains;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * A kernel's files for targets and developers: its raw BTF, the same in BTFHub's layout, and its
 * {@code vmlinux.h}. Each carries an ETag derived from the BTF digest; {@code If-None-Match} gets a
 * 304 ({@link Downloads#notModified}) without touching the blob store or bpftool. Not immutable: a replace changes what a URL
 * serves, so clients revalidate ({@code no-cache}) rather than cache for good.
 */
@RestController
class KernelFilesController {
  private static final Logger log = LoggerFactory.getLogger(KernelFilesController.class);
  private static final MediaType XZ = MediaType.parseMediaType("application/x-xz");

  private final KernelCatalog catalog;
  private final BtfHubArchiveWriter btfhub;
  private final Toolchains toolchains;
  private final Executors executors;

  KernelFilesController(KernelCatalog catalog, BtfHubArchiveWriter btfhub, Toolchains toolchains, Executors executors) {
    this.catalog = catalog;
    this.btfhub = btfhub;
    this.toolchains = toolchains;
    this.executors = executors;
  }

  /** {@code ?format=raw} (the default) or {@code btfhub}. */
  @GetMapping("/v1/kernels/{release}/btf")
  ResponseEntity<Resource> btf(
      @PathVariable("release") String release,
      @RequestParam(name = "arch", required = false) String arch,
      @RequestParam(name = "format", defaultValue = "raw") String format,
      ServletWebRequest request) throws IOException {
    if (!format.equals("raw") && !format.equals("btfhub")) {
      throw new InvalidRequestException("format", "format is raw (the BTF itself) or btfhub (<release>.btf.tar.xz), not '"
          + format.replaceAll("[^\\w.-]", "?") + "'.");
    }
    Kernel kernel = KernelController.resolve(catalog, release, arch);
    boolean raw = format.equals("raw");
    String etag = quote(kernel.btfSha256().hex() + (raw ? "" : ".btfhub"));
    if (Downloads.notModified(request, etag, Downloads.REVALIDATE)) {
      return null;
    }
    if (raw) {
      return ok(etag, MediaType.APPLICATION_OCTET_STREAM, attachment(kernel.release().value() + ".btf"))
          .contentLength(kernel.btfSize())
          .body(new InputStreamResource(catalog.openBtf(kernel)));
    }
    Path archive = btfhub.archive(kernel.release(), kernel.btfSha256(), kernel.btfSize(), () -> catalog.openBtf(kernel));
    return ok(etag, XZ, attachment(BtfHubArchiveWriter.fileName(kernel.release()))).body(new FileSystemResource(archive));
  }

  /**
   * The header programs include: {@code bpftool btf dump file <btf> format c} by the toolchain a
   * compile for this kernel would route to, in that toolchain's executor; cached per BTF and bpftool.
   */
  @GetMapping("/v1/kernels/{release}/vmlinux.h")
  ResponseEntity<Resource> vmlinuxHeader(
      @PathVariable("release") String release,
      @RequestParam(name = "arch", required = false) String arch,
      ServletWebRequest request) {
    Kernel kernel = KernelController.resolve(catalog, release, arch);
    Toolchain toolchain = toolchains.route(Optional.empty(), kernel.arch());
    String etag = quote(kernel.btfSha256().hex() + ".bpftool-" + toolchain.bpftoolVersion().replaceAll("[^\\w.-]", "_"));
    if (Downloads.notModified(request, etag, Downloads.REVALIDATE)) {
      return null;
    }
    Path dir;
    try {
      dir = executors.forToolchain(toolchain).vmlinuxHeader(kernel.btfSha256(), () -> catalog.btf(kernel), toolchain);
    } catch (IOException e) {
      log.error("vmlinux.h for kernel {} ({}) failed: {}", kernel.release().value(), kernel.arch().id(), e.getMessage());
      throw new HeaderUnavailableException(kernel);
    }
    return ok(etag, new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8),
        ContentDisposition.inline().filename("vmlinux.h").build())
        .body(new FileSystemResource(dir.resolve("vmlinux.h")));
  }

  private static ResponseEntity.BodyBuilder ok(String etag, MediaType type, ContentDisposition disposition) {
    return Downloads.file(etag, Downloads.REVALIDATE, type, disposition);
  }

  private static ContentDisposition attachment(String filename) {
    return ContentDisposition.attachment().filename(filename).build();
  }

  private static String quote(String tag) {
    return Downloads.etag(tag);
  }
}
