package dev.bpfforge.service.queue;

/** Runs one claimed job to an outcome. Throwing means the executor broke, not the program. */
@FunctionalInterface
public interface JobHandler {
  JobOutcome run(ClaimedJob job) throws Exception;
}
