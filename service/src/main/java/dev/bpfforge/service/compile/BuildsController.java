package dev.bpfforge.service.compile;

import dev.bpfforge.service.build.BuildViews;
import dev.bpfforge.service.config.BpfForgeProperties;
import dev.bpfforge.service.security.Caller;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** {@code POST /v1/builds}: asynchronous, many targets; answers 202 with the build's location. */
@RestController
class BuildsController {
  private final BuildSubmitter submitter;
  private final BuildViews views;
  private final CompileRequestParser parser;

  BuildsController(BuildSubmitter submitter, BuildViews views, BpfForgeProperties properties) {
    this.submitter = submitter;
    this.views = views;
    this.parser = new CompileRequestParser(properties.limits());
  }

  @PostMapping(path = "/v1/builds", consumes = "multipart/form-data")
  ResponseEntity<BuildViews.BuildView> submit(MultipartHttpServletRequest http, Caller caller) throws IOException {
    BuildSubmitter.Submitted submitted = submitter.submit(parser.parseBuild(http), caller.tenant());
    return ResponseEntity.accepted()
        .location(URI.create("/v1/builds/" + submitted.build().id()))
        .body(views.of(submitted.build()));
  }
}
