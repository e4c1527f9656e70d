package dev.bpfforge.service.api;

import dev.bpfforge.btf.BtfStoreException;
import dev.bpfforge.btf.InputTooLargeException;
import dev.bpfforge.btf.InvalidBtfException;
import dev.bpfforge.btf.InvalidIdentifierException;
import dev.bpfforge.btf.RatioLimitException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every failure to RFC 9457 problem+json with a stable {@code type}. Never the exception
 * class or a server path: details come from messages written for clients.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    ProblemDetail problem = problem(e.status(), e.type(), e.title(), e.getMessage());
    e.properties().forEach(problem::setProperty);
    ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    e.headers().forEach((name, value) -> response.header(name, value));
    return response.body(problem);
  }

  @ExceptionHandler(BtfStoreException.class)
  ResponseEntity<ProblemDetail> btf(BtfStoreException e) {
    if (e instanceof InputTooLargeException tooLarge) {
      ProblemDetail problem = problem(HttpStatus.PAYLOAD_TOO_LARGE, "limit-exceeded", "Request exceeds a limit", e.getMessage());
      // The BTF library bounds decompressed sizes (bpfforge.limits.max-kernel-btf) and the expansion ratio of bombs.
      problem.setProperty("limit", tooLarge instanceof RatioLimitException ? "decompression-ratio" : "max-kernel-btf");
      problem.setProperty("maximum", tooLarge.limitBytes());
      return respond(problem);
    }
    if (e instanceof InvalidIdentifierException) {
      return respond(problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage()));
    }
    if (e instanceof InvalidBtfException) {
      return respond(problem(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-btf", "Invalid BTF", e.getMessage()));
    }
    log.warn("unclassified BTF store failure", e);
    return respond(problem(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-btf", "Invalid BTF", e.getMessage()));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("unexpected failure", e);
    return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
        "The service failed unexpectedly; the failure is logged. Retry, and report it if it persists."));
  }

  /** Spring's own MVC exceptions (multipart limits, bad methods, missing parts) get our type URIs too. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem = body instanceof ProblemDetail p ? p : ProblemDetail.forStatus(status);
    if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
      problem.setType(URI.create(ApiException.TYPE_BASE + slug(status)));
    }
    HttpHeaders out = new HttpHeaders();
    out.addAll(headers);
    out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return ResponseEntity.status(status).headers(out).body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
      MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem = problem(HttpStatus.PAYLOAD_TOO_LARGE, "limit-exceeded", "Request exceeds a limit",
        "The request body exceeds the limit of " + ex.getMaxUploadSize() + " bytes; send less or split it.");
    problem.setProperty("limit", "request-size");
    return handleExceptionInternal(ex, problem, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
  }

  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ProblemDetail> multipart(MultipartException e) {
    if (e instanceof MaxUploadSizeExceededException m) {
      ProblemDetail problem = problem(HttpStatus.PAYLOAD_TOO_LARGE, "limit-exceeded", "Request exceeds a limit",
          "The request body exceeds the limit of " + m.getMaxUploadSize() + " bytes; send less or split it.");
      problem.setProperty("limit", "request-size");
      return respond(problem);
    }
    return respond(problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
        "The body is not a readable multipart/form-data request: send fields with curl -F."));
  }

  private static String slug(HttpStatusCode status) {
    HttpStatus known = HttpStatus.resolve(status.value());
    return known == null ? "http-" + status.value() : known.name().toLowerCase().replace('_', '-');
  }

  private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
    return problem(status, URI.create(ApiException.TYPE_BASE + type), title, detail);
  }

  private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type);
    problem.setTitle(title);
    return problem;
  }

  private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
