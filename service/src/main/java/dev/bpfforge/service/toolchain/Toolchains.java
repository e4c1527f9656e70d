package dev.bpfforge.service.toolchain;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.service.api.ApiException;
import dev.bpfforge.service.api.InvalidRequestException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * The toolchains jobs can be routed to: this process's own and those other workers published
 * ({@link ToolchainRegistry}). Routing takes the toolchain a request pins, else the newest
 * (highest clang, then libbpf) that builds for the target's arch.
 */
public class Toolchains {
  private final List<Toolchain> local;
  private final ToolchainRegistry registry;

  public Toolchains(List<Toolchain> local, ToolchainRegistry registry) {
    this.local = List.copyOf(local);
    this.registry = registry;
  }

  /** The toolchains this process's workers run. */
  public List<Toolchain> local() {
    return local;
  }

  /** Every toolchain a job can be routed to now. */
  public List<Toolchain> all() {
    Map<String, Toolchain> byId = new LinkedHashMap<>();
    local.forEach(t -> byId.put(t.id(), t));
    if (registry != null) {
      registry.recent().forEach(t -> byId.putIfAbsent(t.id(), t));
    }
    return List.copyOf(byId.values());
  }

  /** A toolchain a stored job names. */
  public Toolchain byId(String id) {
    return all().stream().filter(t -> t.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalStateException("toolchain " + id + " is not installed"));
  }

  public Toolchain route(Optional<String> pinned, Arch arch) {
    List<Toolchain> installed = all();
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
