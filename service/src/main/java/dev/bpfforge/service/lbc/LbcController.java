package dev.bpfforge.service.lbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.service.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /lbc}: Coolbpf's remote-compile protocol as its server (coolbpf's tornado
 * {@code entry.py}) speaks it. The body is a JSON array of commands, sent with no content type
 * by surftrace's client; the answer is {@code {result, status, code, res[]}} with one entry per
 * command. A body that is not such an array is answered in the same shape with {@code code} (and
 * the HTTP status) 400, or 413 past the size limit.
 */
@RestController
class LbcController {
  /** The response object, field for field as Coolbpf writes it. */
  record LbcResponse(String result, boolean status, int code, List<Map<String, Object>> res) {
    static LbcResponse success(List<Map<String, Object>> res) {
      return new LbcResponse("success", true, 200, res);
    }

    static LbcResponse failed(HttpStatus status, String why) {
      return new LbcResponse("failed", false, status.value(), List.of(Map.of("log", why)));
    }
  }

  private final LbcCommands commands;
  private final ObjectMapper json;
  private final LbcProperties properties;

  LbcController(LbcCommands commands, ObjectMapper json, LbcProperties properties) {
    this.commands = commands;
    this.json = json;
    this.properties = properties;
  }

  @PostMapping(path = LbcPortFilter.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<LbcResponse> lbc(HttpServletRequest request) throws IOException, InterruptedException {
    long max = properties.maxRequest().toBytes();
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    }
    if (body.length > max) {
      return reply(LbcResponse.failed(HttpStatus.PAYLOAD_TOO_LARGE, "request body exceeds " + max + " bytes."));
    }
    JsonNode parsed;
    try {
      parsed = json.readTree(body);
    } catch (JsonProcessingException e) {
      parsed = null;
    }
    if (parsed == null || !parsed.isArray()) {
      return reply(LbcResponse.failed(HttpStatus.BAD_REQUEST,
          "the body must be a JSON array of commands such as [{\"cmd\": \"obj\", \"ver\": \"<uname -r>\", \"arch\": \"x86_64\", \"code\": \"...\", \"env\": \"\"}]."));
    }
    if (parsed.size() > properties.maxCommands()) {
      return reply(LbcResponse.failed(HttpStatus.BAD_REQUEST,
          "a request may hold at most " + properties.maxCommands() + " commands, not " + parsed.size() + "."));
    }
    // A token's tenant on the main port; the connector's configured tenant on the Coolbpf port.
    Caller caller = Caller.of(request);
    List<Map<String, Object>> res = new ArrayList<>();
    for (JsonNode command : parsed) {
      res.add(caller == null ? commands.run(command) : commands.run(command, caller.tenant()));
    }
    return reply(LbcResponse.success(res));
  }

  private static ResponseEntity<LbcResponse> reply(LbcResponse response) {
    return ResponseEntity.status(response.code()).contentType(MediaType.APPLICATION_JSON).body(response);
  }
}
