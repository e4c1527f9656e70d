package dev.bpfforge.service.executor;

import java.io.IOException;

/**
 * Runs one compile in a sandbox and reports what came of it. A program that does not compile is a
 * {@link CompileResult} with diagnostics; an {@link IOException} means the executor itself broke
 * (no Docker daemon, no disk), and the job is retried elsewhere.
 */
public interface Executor {
  CompileResult compile(CompileJob job) throws IOException;
}
