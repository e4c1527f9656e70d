package dev.bpfforge.service.toolchain;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.service.api.ApiException;
import dev.bpfforge.service.api.InvalidRequestException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * The toolchains this service holds, and routing: the toolchain a request pins, else the newest
 * (highest clang, then libbpf) that builds for the target's arch.
 */
public class Toolchains {
  private final List<Toolchain> installed;

  public Toolchains(List<Toolchain> installed) {
    this.installed = List.copyOf(installed);
  }

  public List<Toolchain> all() {
    return installed;
  }

  /** A toolchain a stored job names; it was installed when the job was routed. */
  public Toolchain byId(String id) {
    return installed.stream().filter(t -> t.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalStateException("toolchain " + id + " is not installed in this process"));
  }

  public Toolchain route(Optional<String> pinned, Arch arch) {
    if (pinned.isPresent()) {
      Toolchain toolchain = installed.stream().filter(t -> t.id().equals(pinned.get())).findFirst()
          .orElseThrow(() -> new InvalidRequestException("toolchain", "toolchain " + pinned.get() + " is not installed; installed: "
              + String.join(", ", installed.stream().map(Toolchain::id).toList()) + "."));
      if (!toolchain.arches().contains(arch)) {
        throw new InvalidRequestException("toolchain", "toolchain " + toolchain.id() + " does not build for " + arch.id() + ".");
      }
      return toolchain;
    }
    return installed.stream()
        .filter(t -> t.arches().contains(arch))
        .max(Comparator.comparingInt(Toolchain::clangMajor).thenComparing(Toolchain::libbpfVersion).thenComparing(Toolchain::id))
        .orElseThrow(NoToolchainException::new);
  }

  /** No toolchain can build for the target: the service is missing something, not the request. */
  static class NoToolchainException extends ApiException {
    NoToolchainException() {
      super(HttpStatus.SERVICE_UNAVAILABLE, "no-toolchain", "No toolchain available",
          "This service has no toolchain for the target; an operator must install one.");
    }
  }
}
