package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the kernel release from the image's {@code linux_banner}, the string {@code uname -a}
 * and {@code /proc/version} show: {@code Linux version 6.1.0-50-amd64 (debian-kernel@...) ...}.
 * The first occurrence whose release is well formed wins: the banner sits early in .rodata,
 * ahead of anything else that might quote the phrase.
 */
final class BannerScanner {

  private static final byte[] PREFIX = "Linux version ".getBytes(StandardCharsets.US_ASCII);
  // The release, a space and the "(" that opens the builder's address.
  private static final int WINDOW = KernelRelease.MAX_LENGTH + 2;

  private BannerScanner() {
  }

  /** The release in the first banner within {@code [from, to)} of the file. */
  static Optional<KernelRelease> find(FileChannel channel, long from, long to) throws IOException {
    long at = from;
    while (true) {
      long found = ByteScanner.indexOf(channel, PREFIX, at, to);
      if (found < 0) {
        return Optional.empty();
      }
      long start = found + PREFIX.length;
      ByteBuffer window = ByteBuffer.allocate((int) Math.min(WINDOW, Math.max(0, to - start)));
      channel.read(window, start);
      Optional<KernelRelease> release = release(window.array(), window.position());
      if (release.isPresent()) {
        return release;
      }
      at = found + 1;
    }
  }

  private static Optional<KernelRelease> release(byte[] text, int length) {
    int space = 0;
    while (space < length && text[space] != ' ') {
      space++;
    }
    if (space == 0 || space + 1 >= length || text[space + 1] != '(') {
      return Optional.empty();
    }
    try {
      return Optional.of(KernelRelease.parse(new String(text, 0, space, StandardCharsets.ISO_8859_1)));
    } catch (InvalidIdentifierException e) {
      return Optional.empty(); // e.g. a format string "Linux version %s (...)": keep looking
    }
  }
}
