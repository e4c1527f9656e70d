package dev.bpfforge.service.artifact;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Collections;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * How every download answers, in one place. Controllers call {@link #notModified} first:
 * {@code If-None-Match} (a list, weak tags, {@code *}; RFC 9110 13.1.2) becomes a 304 before any
 * work is done. Then a 200 {@code ResponseEntity<Resource>} from {@link #file} lets Spring MVC
 * answer {@code Range}: a 206 (or 416 past the end), as long as the resource knows its length
 * and can be opened again ({@link BlobResource}, a file).
 */
public final class Downloads {
  /** Content addressed by digest: the same URL always serves the same bytes. */
  public static final CacheControl IMMUTABLE = CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic().immutable();
  /** What a URL serves may change (a newer build, a replaced kernel): caches revalidate with the ETag. */
  public static final CacheControl REVALIDATE = CacheControl.noCache();

  private Downloads() {}

  /** {@code "tag"}: an entity tag as the ETag header carries it. */
  public static String etag(String tag) {
    return "\"" + tag + "\"";
  }

  /**
   * Answers {@code If-None-Match} before any work is done (a blob opened, a header generated):
   * true when the client's copy is current, and the response is then a complete 304. Spring's
   * {@link ServletWebRequest#checkNotModified(String)} does the matching.
   */
  public static boolean notModified(ServletWebRequest request, String etag, CacheControl cache) {
    HttpServletResponse response = request.getResponse();
    if (anyTag(request)) {
      response.setStatus(HttpStatus.NOT_MODIFIED.value());
      response.setHeader(HttpHeaders.ETAG, etag);
    } else if (!request.checkNotModified(etag)) {
      return false;
    }
    response.setHeader(HttpHeaders.CACHE_CONTROL, cache.getHeaderValue());
    return true;
  }

  /**
   * {@code If-None-Match: *} matches any current representation (RFC 9110 13.1.2), so a GET of
   * something that exists is not modified. Spring applies {@code *} to unsafe methods only.
   */
  private static boolean anyTag(ServletWebRequest request) {
    return Collections.list(request.getRequest().getHeaders(HttpHeaders.IF_NONE_MATCH)).stream()
        .flatMap(value -> Arrays.stream(value.split(",")))
        .anyMatch(tag -> tag.strip().equals("*"));
  }

  /** A file download: Range and If-None-Match are answered by Spring from these headers. */
  public static ResponseEntity.BodyBuilder file(String etag, CacheControl cache, MediaType type, ContentDisposition disposition) {
    return ResponseEntity.status(HttpStatus.OK)
        .eTag(etag)
        .cacheControl(cache)
        .contentType(type)
        .header(HttpHeaders.ACCEPT_RANGES, "bytes")
        .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString());
  }

  public static ResponseEntity<Resource> attachment(String etag, CacheControl cache, Resource body, String filename) {
    return file(etag, cache, MediaType.APPLICATION_OCTET_STREAM, ContentDisposition.attachment().filename(filename).build())
        .body(body);
  }
}
