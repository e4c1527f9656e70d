package dev.bpfforge.service.bundle;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.build.Build;
import dev.bpfforge.service.build.Job;
import dev.bpfforge.service.build.JobState;
import dev.bpfforge.service.kernel.Kernel;
import java.util.List;

/**
 * What a finished (or finishing) build holds for download: each target with its kernel and, for a
 * target that succeeded, its files. Generic over artifact kinds: every row of a job's
 * {@code job_artifacts} is a file, whatever its kind.
 */
record BuildFiles(Build build, List<Target> targets) {

  /** One artifact of one target; its path in a bundle is {@code <release>/<arch>/<name>}. */
  record File(String kind, String name, Sha256 sha256, long size) {}

  record Target(Job job, Kernel kernel, List<File> files) {
    boolean succeeded() {
      return job.state() == JobState.SUCCEEDED;
    }

    String release() {
      return kernel.release().value();
    }

    String arch() {
      return kernel.arch().id();
    }

    String directory() {
      return release() + "/" + arch() + "/";
    }
  }
}
