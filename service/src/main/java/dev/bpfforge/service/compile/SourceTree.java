package dev.bpfforge.service.compile;

import dev.bpfforge.btf.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The files a user sent, by path; immutable once built. */
public final class SourceTree {
  private final SortedMap<SourcePath, byte[]> files;

  public SourceTree(Map<SourcePath, byte[]> files) {
    this.files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  public Map<SourcePath, byte[]> files() {
    return files;
  }

  public Set<SourcePath> paths() {
    return files.keySet();
  }

  public boolean contains(SourcePath path) {
    return files.containsKey(path);
  }

  /** True if some file lies under {@code dir} ("" is the top). */
  public boolean hasDirectory(String dir) {
    return dir.isEmpty() || files.keySet().stream().anyMatch(p -> p.value().startsWith(dir + "/"));
  }

  /**
   * A digest over paths and contents in path order, length-prefixed so no two trees share an
   * encoding. It is part of every action key.
   */
  public Sha256 digest() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      for (Map.Entry<SourcePath, byte[]> file : files.entrySet()) {
        byte[] name = file.getKey().value().getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        out.writeLong(file.getValue().length);
        out.write(Sha256.of(file.getValue()).hex().getBytes(StandardCharsets.US_ASCII));
      }
      return Sha256.of(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
