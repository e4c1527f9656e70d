package dev.bpfforge.service.compile;

import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** {@code POST /v1/compile}: synchronous, curl-friendly; the artifact is the response body. */
@RestController
class CompileController {
  private final CompilePipeline pipeline;
  private final CompileRequestParser parser;

  CompileController(CompilePipeline pipeline, BpfForgeProperties properties) {
    this.pipeline = pipeline;
    this.parser = new CompileRequestParser(properties.limits());
  }

  @PostMapping(path = "/v1/compile", consumes = "multipart/form-data")
  ResponseEntity<byte[]> compile(MultipartHttpServletRequest http) throws IOException {
    CompileRequest request = parser.parse(http);
    CompileOutcome outcome = pipeline.compile(request);
    byte[] body;
    String fileName;
    MediaType type;
    if (request.artifact() == ArtifactSelection.ALL) {
      body = ArtifactArchive.tarGz(Map.of(outcome.objectName(), outcome.object()));
      fileName = request.options().entry().stem() + ".tar.gz";
      type = MediaType.parseMediaType("application/gzip");
    } else {
      body = outcome.object();
      fileName = outcome.objectName();
      type = MediaType.APPLICATION_OCTET_STREAM;
    }
    return ResponseEntity.ok()
        .contentType(type)
        .eTag("\"" + dev.bpfforge.btf.Sha256.of(body).hex() + "\"")
        .header("Content-Disposition", ContentDisposition.attachment().filename(fileName).build().toString())
        .header("X-BpfForge-Build", outcome.build().id().toString())
        .header("X-BpfForge-Cache", outcome.cacheHit() ? "hit" : "miss")
        .header("X-BpfForge-Vmlinux", outcome.vmlinux().name().toLowerCase(Locale.ROOT))
        .body(body);
  }
}
