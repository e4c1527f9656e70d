package dev.bpfforge.service.kernel;

import dev.bpfforge.service.api.ApiException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A delete of a kernel that builds were made for: their records name it, so it stays. */
public class KernelInUseException extends ApiException {
  private final String release;
  private final String arch;

  KernelInUseException(Kernel kernel) {
    super(HttpStatus.CONFLICT, "kernel-in-use", "Kernel in use",
        "Kernel " + kernel.release().value() + " (" + kernel.arch().id() + ") cannot be deleted: builds were made for it"
            + " and their records refer to it. To change its BTF, upload the new BTF with replace=true.");
    this.release = kernel.release().value();
    this.arch = kernel.arch().id();
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("release", release, "arch", arch);
  }
}
