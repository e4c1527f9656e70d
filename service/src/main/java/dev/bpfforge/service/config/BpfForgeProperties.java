package dev.bpfforge.service.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything configurable under {@code bpfforge.*}.
 *
 * @param dataDir where the embedded database, the blob store and caches live ({@code BPFFORGE_DATA_DIR})
 * @param registerHostKernel add this machine's kernel from /sys/kernel/btf/vmlinux at start-up
 * @param limits bounds on what one request may send or make
 * @param sandbox how each compile tool is confined
 */
@ConfigurationProperties("bpfforge")
public record BpfForgeProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("true") boolean registerHostKernel,
    @DefaultValue Limits limits,
    @DefaultValue Sandbox sandbox) {

  /**
   * @param maxKernelUpload compressed size of one BTF upload
   * @param maxKernelBtf decompressed size of one kernel's BTF
   * @param maxSourceBytes total size of a source tree, after decompressing a bundle
   * @param maxFiles files in one source tree
   * @param maxPathDepth directory depth of a source path
   * @param maxArtifact size of one artifact a tool may write
   * @param maxLog size of the tool output kept and returned
   */
  public record Limits(
      @DefaultValue("256MB") DataSize maxKernelUpload,
      @DefaultValue("512MB") DataSize maxKernelBtf,
      @DefaultValue("16MB") DataSize maxSourceBytes,
      @DefaultValue("512") int maxFiles,
      @DefaultValue("16") int maxPathDepth,
      @DefaultValue("64MB") DataSize maxArtifact,
      @DefaultValue("1MB") DataSize maxLog) {}

  /**
   * @param bwrap the bubblewrap binary
   * @param timeout wall-clock limit of one tool run
   * @param cpuTime CPU-time limit of one tool run
   * @param memory address-space limit of one tool run
   */
  public record Sandbox(
      @DefaultValue("bwrap") String bwrap,
      @DefaultValue("120s") Duration timeout,
      @DefaultValue("120s") Duration cpuTime,
      @DefaultValue("4GB") DataSize memory) {}
}
