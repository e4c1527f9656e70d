package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The BTF of a vmlinux ELF: its {@code .BTF} section, which is byte for byte what the running
 * kernel exposes at {@code /sys/kernel/btf/vmlinux}. The release comes from the banner in
 * {@code .rodata}, the architecture from the ELF header. A vmlinux with DWARF but no {@code .BTF}
 * goes to pahole, when the extractor has one.
 */
final class VmlinuxElf {

  static final String FORMAT = "vmlinux-elf";
  static final String PAHOLE_FORMAT = "pahole-dwarf";
  // Kernel BTF is at most 16 MiB of strings plus 1M types (BtfHeader, TypeTable): bounded well
  // below this; the cap keeps a forged section size from asking for a huge array.
  private static final long MAX_BTF = 256L * 1024 * 1024;

  private VmlinuxElf() {
  }

  /**
   * Finds the BTF and the kernel's release and architecture in the ELF {@code file}.
   *
   * @return {@link #FORMAT}, or {@link #PAHOLE_FORMAT} if the BTF was made from DWARF
   */
  static String extract(Path file, Extraction x) throws IOException {
    try (ElfFile elf = ElfFile.open(file, x)) {
      elf.arch().ifPresent(a -> x.facts().arch(a, "the ELF header"));
      Optional<ElfFile.Section> rodata = elf.section(".rodata");
      if (rodata.isPresent() && rodata.get().type() != ElfFile.SHT_NOBITS) {
        elf.checkInFile(rodata.get(), x);
        long start = rodata.get().offset();
        BannerScanner.find(elf.channel(), start, start + rodata.get().size())
            .ifPresent(r -> x.facts().release(r, "the image's Linux version banner"));
      }
      Optional<ElfFile.Section> btf = elf.section(".BTF");
      if (btf.isPresent()) {
        x.step("vmlinux ELF: .BTF " + Extraction.size(btf.get().size()));
        x.found(x.parseBtf(elf.read(btf.get(), Math.min(MAX_BTF, x.limits().maxOutputBytes()), x)));
        return FORMAT;
      }
      if (elf.section(".debug_info").isEmpty()) {
        throw x.invalid("no .BTF section in ELF, and no DWARF (.debug_info) to make one from:"
            + " upload a kernel built with CONFIG_DEBUG_INFO_BTF=y, or its debug vmlinux");
      }
      PaholeBtfEncoder pahole = x.pahole().orElseThrow(() -> x.invalid(
          "no .BTF section in ELF; it has DWARF, but generating BTF with pahole is not enabled here"));
      x.step("vmlinux ELF: no .BTF, DWARF " + Extraction.size(elf.section(".debug_info").get().size()));
      x.step("pahole -J");
      try {
        x.found(pahole.encode(file, x.workDir(), Math.min(MAX_BTF, x.limits().maxOutputBytes())));
      } catch (InputTooLargeException e) {
        throw x.tooLarge(e.what(), e.limitBytes());
      } catch (InvalidBtfException e) {
        throw x.invalid(e.getMessage(), e);
      }
      return PAHOLE_FORMAT;
    }
  }
}
