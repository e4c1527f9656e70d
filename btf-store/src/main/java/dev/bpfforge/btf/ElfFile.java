package dev.bpfforge.btf;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The section table of an ELF file (32- or 64-bit, either byte order), read in place: only the
 * headers and the sections asked for are read, so a 60 MiB vmlinux costs a few kilobytes of heap.
 * Every offset and size is checked against the file before use.
 */
final class ElfFile implements Closeable {

  /** A section: its name, {@code sh_type} and where its bytes lie in the file. */
  record Section(String name, int type, long offset, long size) {
  }

  static final int SHT_NOBITS = 8;
  private static final int EM_X86_64 = 62;
  private static final int EM_AARCH64 = 183;

  private final FileChannel channel;
  private final long fileSize;
  private final int machine;
  private final List<Section> sections;

  private ElfFile(FileChannel channel, long fileSize, int machine, List<Section> sections) {
    this.channel = channel;
    this.fileSize = fileSize;
    this.machine = machine;
    this.sections = sections;
  }

  /** Opens and checks the ELF header and section table; defects are reported through {@code x}. */
  static ElfFile open(Path file, Extraction x) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return ElfReader.read(channel, x);
    } catch (RuntimeException | IOException e) {
      channel.close();
      throw e;
    }
  }

  static ElfFile of(FileChannel channel, long fileSize, int machine, List<Section> sections) {
    return new ElfFile(channel, fileSize, machine, List.copyOf(sections));
  }

  Optional<Section> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The architecture from {@code e_machine}, if it is one BPF Forge supports. */
  Optional<Arch> arch() {
    return switch (machine) {
      case EM_X86_64 -> Optional.of(Arch.X86_64);
      case EM_AARCH64 -> Optional.of(Arch.ARM64);
      default -> Optional.empty();
    };
  }

  FileChannel channel() {
    return channel;
  }

  /** A section's bytes, at most {@code limit} of them. */
  byte[] read(Section s, long limit, Extraction x) throws IOException {
    if (s.type() == SHT_NOBITS) {
      throw x.invalid("ELF section " + s.name() + " has no data in the file (SHT_NOBITS)");
    }
    checkInFile(s, x);
    if (s.size() > limit) {
      throw x.tooLarge("ELF section " + s.name() + " of " + s.size() + " bytes", limit);
    }
    return FileSlice.readAt(channel, s.offset(), (int) s.size());
  }

  void checkInFile(Section s, Extraction x) {
    if (s.offset() < 0 || s.size() < 0 || s.offset() > fileSize || s.size() > fileSize - s.offset()) {
      throw x.invalid(String.format(Locale.ROOT, "ELF section %s [%s, %s) beyond end of file (%d bytes)", s.name(),
          Long.toUnsignedString(s.offset()), Long.toUnsignedString(s.offset() + s.size()), fileSize));
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
