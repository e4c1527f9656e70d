package dev.bpfforge.btf;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorInputStream;

/**
 * The lz4 legacy frame format ({@code lz4 -l}), which the kernel's build uses: the magic
 * {@code 0x184C2102}, then blocks of {@code [u32 LE compressed size][raw LZ4 block]}, each
 * independent and at most 8 MiB decompressed. Blocks are decoded by commons-compress; this class
 * is only the framing.
 *
 * <p>Like the kernel's {@code unlz4}, it accepts a repeated magic between blocks, and ends at the
 * end of the input or at a trailing u32 with nothing after it (the uncompressed size the kernel's
 * build appends).
 */
final class Lz4LegacyInputStream extends InputStream {

  static final int MAGIC = 0x184C2102;
  // LZ4_compressBound(8 MiB): no legacy block can be larger.
  private static final int MAX_BLOCK = 8 * 1024 * 1024 + 8 * 1024 * 1024 / 255 + 16;

  private final InputStream in;
  private InputStream block;
  private boolean ended;

  Lz4LegacyInputStream(InputStream in) throws IOException {
    this.in = in;
    if (readWord() != MAGIC) {
      throw new IOException("not an lz4 legacy frame");
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!ended) {
      if (block != null) {
        int n = block.read(b, off, len);
        if (n >= 0) {
          return n;
        }
        block = null;
      }
      nextBlock();
    }
    return -1;
  }

  private void nextBlock() throws IOException {
    byte[] sizeBytes = in.readNBytes(4);
    if (sizeBytes.length == 0) {
      ended = true;
      return;
    }
    if (sizeBytes.length < 4) {
      throw new EOFException("lz4 block size cut off");
    }
    long size = Integer.toUnsignedLong(littleEndian(sizeBytes));
    if (size == MAGIC) {
      return;
    }
    int first = in.read();
    if (first < 0) {
      ended = true; // the word was the appended size, not a block
      return;
    }
    if (size == 0 || size > MAX_BLOCK) {
      throw new IOException("lz4 block of " + size + " bytes; legacy blocks hold 1 to " + MAX_BLOCK);
    }
    byte[] data = new byte[(int) size];
    data[0] = (byte) first;
    int got = 1 + in.readNBytes(data, 1, data.length - 1);
    if (got < size) {
      throw new EOFException("lz4 block cut off: " + got + " of " + size + " bytes");
    }
    block = new BlockLZ4CompressorInputStream(new ByteArrayInputStream(data));
  }

  private int readWord() throws IOException {
    byte[] word = in.readNBytes(4);
    if (word.length < 4) {
      throw new EOFException("lz4 frame ends too early");
    }
    return littleEndian(word);
  }

  private static int littleEndian(byte[] w) {
    return (w[0] & 0xff) | (w[1] & 0xff) << 8 | (w[2] & 0xff) << 16 | (w[3] & 0xff) << 24;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
