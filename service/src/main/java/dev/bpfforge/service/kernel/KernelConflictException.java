package dev.bpfforge.service.kernel;

import dev.bpfforge.service.api.ApiException;
import org.springframework.http.HttpStatus;

/** An upload for a (release, arch) the catalog already holds with different BTF. */
public class KernelConflictException extends ApiException {
  KernelConflictException(String detail) {
    super(HttpStatus.CONFLICT, "kernel-conflict", "Kernel already in the catalog", detail);
  }
}
