package dev.bpfforge.service.toolchain;

import dev.bpfforge.btf.Arch;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ToolchainController {
  private final Toolchains toolchains;

  ToolchainController(Toolchains toolchains) {
    this.toolchains = toolchains;
  }

  record ToolchainView(String id, String executor, String clang, String libbpf, String bpftool, List<String> arches, String image) {}

  @GetMapping("/v1/toolchains")
  List<ToolchainView> list() {
    return toolchains.all().stream()
        .map(t -> new ToolchainView(t.id(), t.image() == null ? "local" : "docker", t.clangVersion(), t.libbpfVersion(), t.bpftoolVersion(),
            t.arches().stream().map(Arch::id).sorted().toList(), t.image()))
        .toList();
  }
}
