package dev.bpfforge.service.lbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientNetworksTest {
  @Test
  void theDefaultAllowsLoopbackOnly() {
    ClientNetworks loopback = new ClientNetworks(List.of("127.0.0.0/8", "::1/128"));
    assertThat(loopback.allows("127.0.0.1")).isTrue();
    assertThat(loopback.allows("127.0.0.2")).isTrue();
    assertThat(loopback.allows("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(loopback.allows("10.0.0.1")).isFalse();
    assertThat(loopback.allows("::2")).isFalse();
  }

  @Test
  void networksOfBothFamiliesMatchByPrefix() {
    ClientNetworks networks = new ClientNetworks(List.of("10.20.0.0/16", "fd00:1::/32", "192.0.2.7"));
    assertThat(networks.allows("10.20.255.1")).isTrue();
    assertThat(networks.allows("10.21.0.1")).isFalse();
    assertThat(networks.allows("fd00:1:abcd::1")).isTrue();
    assertThat(networks.allows("fd00:2::1")).isFalse();
    assertThat(networks.allows("192.0.2.7")).isTrue();
    assertThat(networks.allows("192.0.2.8")).isFalse();
  }

  @Test
  void aHostNameIsNotANetwork() {
    assertThatThrownBy(() -> new ClientNetworks(List.of("localhost"))).hasMessageContaining("'localhost'");
  }
}
