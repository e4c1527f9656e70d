package dev.bpfforge.service.lbc;

import dev.bpfforge.service.security.AnonymousAccess;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * Coolbpf's clients send no token: on the Coolbpf port, {@code /lbc} from an allowed network runs
 * without one, as the configured tenant ({@code bpfforge.lbc.tenant}). {@link LbcPortFilter} has
 * already refused every other path and network on that port; the check is repeated here so this
 * exception to deny-by-default holds on its own. On the main port {@code /lbc} needs a token.
 */
@Component
class LbcAnonymousAccess implements AnonymousAccess {
  private final LbcPort port;
  private final ClientNetworks networks;

  LbcAnonymousAccess(LbcPort port, ClientNetworks networks) {
    this.port = port;
    this.networks = networks;
  }

  @Override
  public boolean permits(HttpServletRequest request) {
    return port.enabled() && request.getLocalPort() == port.value()
        && LbcPortFilter.PATH.equals(request.getRequestURI()) && networks.allows(request.getRemoteAddr());
  }
}
