package dev.bpfforge.service.lbc;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Coolbpf's remote-compile protocol ({@code POST /lbc}) on a port of its own: {@code bpfforge.lbc.*}.
 *
 * @param port the second connector's port, which serves only {@code /lbc}; 0 or -1 turns it off.
 *     Unset: 7655 (where Coolbpf's clients post) on the embedded default, off with an external
 *     database (an API replica or a worker process, several of which share a host)
 * @param allowedNetworks client networks (CIDRs) that port answers; anyone else gets 403
 * @param tenant the tenant requests on that port run as (they carry no token)
 * @param maxRequest largest {@code /lbc} body read
 * @param maxCommands commands one {@code /lbc} request may hold
 */
@ConfigurationProperties("bpfforge.lbc")
public record LbcProperties(
    Integer port,
    @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> allowedNetworks,
    @DefaultValue("coolbpf") String tenant,
    @DefaultValue("64MB") DataSize maxRequest,
    @DefaultValue("16") int maxCommands) {

  /** Coolbpf's clients post to this port ({@code LBC_COMPILE_PORT} in surftrace's lbcClient.py). */
  public static final int COOLBPF_PORT = 7655;
}
