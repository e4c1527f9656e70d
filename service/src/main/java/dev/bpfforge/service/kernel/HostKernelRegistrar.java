package dev.bpfforge.service.kernel;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.Btf;
import dev.bpfforge.btf.BtfStoreException;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Puts this machine's own kernel in the catalog at start-up, so a compile for the host works with
 * no upload. The JVM's {@code os.version} is the kernel release ({@code uname -r}). Also reads the
 * features of kernels catalogued before features were recorded.
 */
@Component
class HostKernelRegistrar implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(HostKernelRegistrar.class);
  static final Path HOST_BTF = Path.of("/sys/kernel/btf/vmlinux");

  private final KernelCatalog catalog;
  private final boolean enabled;

  HostKernelRegistrar(KernelCatalog catalog, BpfForgeProperties properties) {
    this.catalog = catalog;
    this.enabled = properties.registerHostKernel();
  }

  @Override
  public void run(ApplicationArguments args) {
    int filled = catalog.fillMissingFeatures();
    if (filled > 0) {
      log.info("read the features of {} kernel(s) catalogued before features were recorded", filled);
    }
    if (!enabled) {
      return;
    }
    if (!Files.isReadable(HOST_BTF)) {
      log.info("no {} on this host: the catalog starts without the host kernel", HOST_BTF);
      return;
    }
    KernelRelease release = KernelRelease.parse(System.getProperty("os.version"));
    Arch arch = Arch.host();
    try {
      KernelCatalog.Added added = catalog.add(release, arch, Btf.parse(Files.readAllBytes(HOST_BTF)), "host");
      log.info("host kernel {} ({}) {}", release.value(), arch.id(), added.created() ? "added to the catalog" : "already in the catalog");
    } catch (KernelConflictException e) {
      log.warn("host kernel not registered: {}", e.getMessage());
    } catch (IOException | BtfStoreException e) {
      log.warn("host kernel not registered: {}", e.getMessage());
    }
  }
}
