package dev.bpfforge.service.kernel;

import dev.bpfforge.service.support.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.tukaani.xz.XZInputStream;

/** The raw BTF of the kernels in ../shared/btf, decompressed: what an upload of them stores. */
final class SharedBtf {
  static final Fixtures.SharedKernel K510 = Fixtures.SHARED_KERNELS.get(0);
  static final Fixtures.SharedKernel K61 = Fixtures.SHARED_KERNELS.get(1);
  static final Fixtures.SharedKernel K61_ARM = Fixtures.SHARED_KERNELS.get(2);

  private SharedBtf() {}

  static byte[] raw(Fixtures.SharedKernel kernel) {
    Fixtures.requireSharedBtf();
    try (InputStream in = new XZInputStream(Files.newInputStream(kernel.file()))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
