package dev.bpfforge.service.kernel;

import dev.bpfforge.service.api.ApiException;
import org.springframework.http.HttpStatus;

/** bpftool could not turn a catalogued kernel's BTF into vmlinux.h: a service fault, logged in full. */
class HeaderUnavailableException extends ApiException {
  HeaderUnavailableException(Kernel kernel) {
    super(HttpStatus.INTERNAL_SERVER_ERROR, "vmlinux-unavailable", "vmlinux.h unavailable",
        "vmlinux.h for kernel " + kernel.release().value() + " (" + kernel.arch().id() + ") could not be generated;"
            + " the failure is logged. Retry, and report it if it persists.");
  }
}
