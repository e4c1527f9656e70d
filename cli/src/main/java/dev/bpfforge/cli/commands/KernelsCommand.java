package dev.bpfforge.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.cli.CliException;
import dev.bpfforge.cli.ExitCodes;
import dev.bpfforge.cli.http.Downloader;
import dev.bpfforge.cli.http.ForgeApi;
import dev.bpfforge.cli.http.MultipartBody;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bpfforge kernels}: the service's kernel catalog. */
@Command(name = "kernels", description = "The kernels the service compiles for.",
    subcommands = {KernelsCommand.ListKernels.class, KernelsCommand.Show.class, KernelsCommand.Upload.class, KernelsCommand.Btf.class})
public final class KernelsCommand {

  static String archQuery(String arch) {
    return arch == null ? "" : "?arch=" + ForgeCommand.encode(arch);
  }

  @Command(name = "list", description = "List the catalog.")
  static final class ListKernels extends ForgeCommand {
    @Override
    public Integer call() {
      output().result(api().getJson("/v1/kernels", "the kernel catalog"), kernels -> {
        output().line(String.format("%-36s %-7s %-8s %-14s %7s  %s", "RELEASE", "ARCH", "DISTRO", "FLAVOUR", "TYPES", "SOURCE"));
        for (JsonNode k : kernels) {
          output().line(String.format("%-36s %-7s %-8s %-14s %7d  %s", k.get("release").asText(), k.get("arch").asText(),
              k.path("distro").asText("-"), k.path("flavour").asText("-"), k.get("typeCount").asInt(), k.get("sourceFormat").asText()));
        }
      });
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", description = "Show one kernel and what its BTF says it supports.")
  static final class Show extends ForgeCommand {
    @Parameters(paramLabel = "RELEASE") String release;
    @Option(names = "--arch", paramLabel = "ARCH") String arch;

    @Override
    public Integer call() {
      JsonNode kernel = api().getJson("/v1/kernels/" + encode(release) + archQuery(arch), "kernel " + release);
      output().result(kernel, k -> {
        output().line(k.get("release").asText() + " " + k.get("arch").asText());
        output().line("  BTF       " + k.get("btfSha256").asText() + " (" + k.get("btfSize").asLong() + " bytes, "
            + k.get("typeCount").asInt() + " types, from " + k.get("sourceFormat").asText() + ")");
        output().line("  added     " + k.get("uploadedAt").asText());
        JsonNode highlights = k.path("features").path("highlights");
        List<String> has = new ArrayList<>();
        List<String> lacks = new ArrayList<>();
        highlights.fields().forEachRemaining(f -> (f.getValue().asBoolean() ? has : lacks).add(f.getKey()));
        output().line("  supports  " + (has.isEmpty() ? "-" : String.join(" ", has)));
        output().line("  lacks     " + (lacks.isEmpty() ? "-" : String.join(" ", lacks)));
      });
      return ExitCodes.OK;
    }
  }

  @Command(name = "upload", description = "Add a kernel: raw BTF, a vmlinux, a vmlinuz, a .deb/.rpm or a BTFHub archive.")
  static final class Upload extends ForgeCommand {
    @Parameters(paramLabel = "FILE") Path file;
    @Option(names = "--release", paramLabel = "RELEASE", description = "The release, when the file does not say it.") String release;
    @Option(names = "--arch", paramLabel = "ARCH", description = "The arch, when the file does not say it.") String arch;
    @Option(names = "--replace", description = "Give a catalogued kernel this BTF instead.") boolean replace;

    @Override
    public Integer call() throws FileNotFoundException {
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": name a kernel file to upload.");
      }
      MultipartBody body = new MultipartBody().file("file", file.getFileName().toString(), file);
      Optional.ofNullable(release).ifPresent(r -> body.field("release", r));
      Optional.ofNullable(arch).ifPresent(a -> body.field("arch", a));
      if (replace) {
        body.field("replace", "true");
      }
      ForgeApi.Response response = api().expectOk(api().postMultipart("/v1/kernels", body), "the kernel catalog");
      output().result(response.json(), k -> output().line((response.status() == 201 ? "added " : "already had (or replaced) ")
          + k.get("release").asText() + " " + k.get("arch").asText() + " (" + k.get("typeCount").asInt() + " types)"));
      return ExitCodes.OK;
    }
  }

  @Command(name = "btf", description = "Download a kernel's BTF (for targets without /sys/kernel/btf/vmlinux).")
  static final class Btf extends ForgeCommand {
    @Parameters(paramLabel = "RELEASE") String release;
    @Option(names = "--arch", paramLabel = "ARCH") String arch;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true) Path output;
    @Option(names = "--btfhub", description = "BTFHub's layout: <release>.btf.tar.xz.") boolean btfhub;

    @Override
    public Integer call() {
      String path = "/v1/kernels/" + encode(release);
      JsonNode kernel = api().getJson(path + archQuery(arch), "kernel " + release);
      String query = archQuery(arch);
      // The raw BTF is checked against the catalog's digest; the BTFHub archive has none to check.
      Optional<String> sha = btfhub ? Optional.empty() : Optional.of(kernel.get("btfSha256").asText());
      if (btfhub) {
        query += (query.isEmpty() ? "?" : "&") + "format=btfhub";
      }
      new Downloader(api()).fetch(path + "/btf" + query, sha, output, "the BTF of " + release);
      output().progress("wrote " + output);
      return ExitCodes.OK;
    }
  }
}
