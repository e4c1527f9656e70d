package dev.bpfforge.service.queue;

import java.util.UUID;

/**
 * A job a worker holds. {@code leaseVersion} fences every later write: if the lease expired and
 * another worker claimed the job, the version moved on and this holder's writes change nothing.
 */
public record ClaimedJob(long jobId, UUID buildId, int targetIndex, String toolchain, long leaseVersion, int attempt) {}
