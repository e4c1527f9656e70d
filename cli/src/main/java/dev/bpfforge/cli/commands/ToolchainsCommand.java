package dev.bpfforge.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code bpfforge toolchains}: what the service compiles with. */
@Command(name = "toolchains", description = "The toolchains the service compiles with.")
public final class ToolchainsCommand extends ForgeCommand {
  @Override
  public Integer call() {
    output().result(api().getJson("/v1/toolchains", "the toolchains"), toolchains -> {
      output().line(String.format("%-22s %-8s %-10s %-8s %-8s %s", "ID", "EXECUTOR", "CLANG", "LIBBPF", "BPFTOOL", "ARCHES"));
      for (JsonNode t : toolchains) {
        StringBuilder arches = new StringBuilder();
        t.get("arches").forEach(a -> arches.append(arches.length() == 0 ? "" : ",").append(a.asText()));
        output().line(String.format("%-22s %-8s %-10s %-8s %-8s %s", t.get("id").asText(), t.get("executor").asText(),
            t.get("clang").asText(), t.get("libbpf").asText(), t.get("bpftool").asText(), arches));
      }
    });
    return ExitCodes.OK;
  }
}
