package dev.bpfforge.service.kernel;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.api.ApiException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** An upload for a (release, arch) the catalog already holds with different BTF. */
public class KernelConflictException extends ApiException {
  private final String stored;
  private final String uploaded;

  KernelConflictException(Kernel kernel, Sha256 uploaded) {
    super(HttpStatus.CONFLICT, "kernel-conflict", "Kernel already in the catalog",
        "Kernel " + kernel.release().value() + " (" + kernel.arch().id() + ") is already in the catalog with different BTF"
            + " (sha256 " + kernel.btfSha256() + "); to replace it, upload again with replace=true.");
    this.stored = kernel.btfSha256().hex();
    this.uploaded = uploaded.hex();
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("btfSha256", stored, "uploadedSha256", uploaded);
  }
}
