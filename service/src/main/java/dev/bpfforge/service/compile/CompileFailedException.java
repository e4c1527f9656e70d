package dev.bpfforge.service.compile;

import dev.bpfforge.service.api.ApiException;
import dev.bpfforge.service.executor.Diagnostic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** The program did not compile; carries the parsed diagnostics and the raw tool output. */
public class CompileFailedException extends ApiException {
  private final UUID buildId;
  private final List<Diagnostic> diagnostics;
  private final String log;

  CompileFailedException(String detail, UUID buildId, List<Diagnostic> diagnostics, String log) {
    super(HttpStatus.UNPROCESSABLE_ENTITY, "compile-failed", "Compile failed", detail);
    this.buildId = buildId;
    this.diagnostics = diagnostics;
    this.log = log;
  }

  public UUID buildId() {
    return buildId;
  }

  @Override
  public Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("build", buildId.toString());
    properties.put("diagnostics", diagnostics);
    properties.put("log", log);
    return properties;
  }
}
