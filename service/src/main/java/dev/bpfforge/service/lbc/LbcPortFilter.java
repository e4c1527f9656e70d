package dev.bpfforge.service.lbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.service.api.ApiException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the Coolbpf port to what it is for: {@code /lbc} only (anything else is 404 there), and
 * only for clients in the allowed networks (others 403). Requests on that port carry no token,
 * so the network is their only credential. The client address is the socket's peer: no
 * forwarded header is believed, since any client can send one.
 */
class LbcPortFilter extends OncePerRequestFilter {
  static final String PATH = "/lbc";
  private static final Logger log = LoggerFactory.getLogger(LbcPortFilter.class);

  private final LbcPort port;
  private final ClientNetworks networks;
  private final ObjectMapper json;

  LbcPortFilter(LbcPort port, ClientNetworks networks, ObjectMapper json) {
    this.port = port;
    this.networks = networks;
    this.json = json;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getLocalPort() != port.value()) {
      chain.doFilter(request, response);
      return;
    }
    if (!networks.allows(request.getRemoteAddr())) {
      log.warn("Coolbpf port: refused {} (not in {})", request.getRemoteAddr(), networks);
      problem(response, HttpStatus.FORBIDDEN, "forbidden-network", "Client network not allowed",
          "This port answers only clients in its configured networks (bpfforge.lbc.allowed-networks); call the API port with a token instead.");
      return;
    }
    if (!PATH.equals(request.getRequestURI())) {
      problem(response, HttpStatus.NOT_FOUND, "not-found", "Not found",
          "This port serves only Coolbpf's POST /lbc; the rest of the API is on the service's main port.");
      return;
    }
    chain.doFilter(request, response);
  }

  private void problem(HttpServletResponse response, HttpStatus status, String type, String title, String detail) throws IOException {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", ApiException.TYPE_BASE + type);
    problem.put("title", title);
    problem.put("status", status.value());
    problem.put("detail", detail);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
