package dev.bpfforge.service.api;

import org.springframework.http.HttpStatus;

/** A named thing (build, artifact, toolchain) that does not exist. */
public class NotFoundException extends ApiException {
  public NotFoundException(String what, String detail) {
    super(HttpStatus.NOT_FOUND, what + "-not-found", "Not found", detail);
  }
}
