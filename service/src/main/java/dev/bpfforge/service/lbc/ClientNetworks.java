package dev.bpfforge.service.lbc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.catalina.util.NetMask;

/** The client networks the Coolbpf port answers, as CIDRs (IPv4 and IPv6); matched with Tomcat's own {@link NetMask}. */
final class ClientNetworks {
  private final List<NetMask> networks;

  ClientNetworks(List<String> cidrs) {
    this.networks = cidrs.stream().map(ClientNetworks::parse).toList();
  }

  private static NetMask parse(String cidr) {
    // Literals only: a host name here would be resolved once, at start-up, which is not what a network list means.
    if (!cidr.strip().matches("[0-9A-Fa-f:.]+(/\\d{1,3})?")) {
      throw new IllegalArgumentException("bpfforge.lbc.allowed-networks: '" + cidr + "' is not an IP address or CIDR");
    }
    return new NetMask(cidr.strip());
  }

  /** True if {@code address} (an IP literal, as the servlet container reports a client) is in a listed network. */
  boolean allows(String address) {
    InetAddress client;
    try {
      client = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      return false;
    }
    return networks.stream().anyMatch(n -> n.matches(client));
  }

  @Override
  public String toString() {
    return networks.toString();
  }
}
