package dev.bpfforge.service.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The output dir a plan left, wherever it is: on disk (local executor) or copied out of the
 * container (Docker executor). Sizes come first, so an oversized file is never read.
 */
interface PlanOutput {
  /** The file's size, or -1 if the plan left no such file. */
  long size(String name) throws IOException;

  byte[] read(String name) throws IOException;

  static PlanOutput of(Path dir) {
    return new PlanOutput() {
      @Override
      public long size(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.isRegularFile(file) ? Files.size(file) : -1;
      }

      @Override
      public byte[] read(String name) throws IOException {
        return Files.readAllBytes(dir.resolve(name));
      }
    };
  }

  static PlanOutput of(Map<String, byte[]> files) {
    return new PlanOutput() {
      @Override
      public long size(String name) {
        byte[] file = files.get(name);
        return file == null ? -1 : file.length;
      }

      @Override
      public byte[] read(String name) {
        return files.get(name);
      }
    };
  }
}
