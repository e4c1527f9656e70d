package dev.bpfforge.service.compile;

import java.util.List;
import java.util.Optional;

/**
 * Everything a user chose about one compile besides the sources and the target. Only typed values:
 * no raw compiler flag ever comes from a client (cflags are allow-listed {@link CFlag}s).
 *
 * @param entry the file to compile
 * @param includeDirs tree directories added to the include path, in order ("" is the top)
 * @param defines -D definitions, in order
 * @param mcpu the ISA level, or empty for the target kernel's default
 * @param strip drop DWARF after compiling (BTF stays)
 * @param cflags allow-listed compiler flags, in order, after the fixed ones (so a later -O wins)
 */
public record CompileOptions(
    SourcePath entry, List<String> includeDirs, List<Define> defines, Optional<Mcpu> mcpu, boolean strip,
    List<CFlag> cflags) {

  public CompileOptions(SourcePath entry, List<String> includeDirs, List<Define> defines, Optional<Mcpu> mcpu, boolean strip) {
    this(entry, includeDirs, defines, mcpu, strip, List.of());
  }
}
