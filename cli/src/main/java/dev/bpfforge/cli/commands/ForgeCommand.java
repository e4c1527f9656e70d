package dev.bpfforge.cli.commands;

import dev.bpfforge.cli.BpfForge;
import dev.bpfforge.cli.Output;
import dev.bpfforge.cli.http.ForgeApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that talks to the service with the root command's connection and output settings. */
abstract class ForgeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** On every command, so "bpfforge kernels upload --help" works as "bpfforge help compile" does. */
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  protected ForgeApi api() {
    return root().api();
  }

  protected Output output() {
    return root().output();
  }

  private BpfForge root() {
    return (BpfForge) spec.root().userObject();
  }

  static String encode(String pathSegmentOrQueryValue) {
    return URLEncoder.encode(pathSegmentOrQueryValue, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
