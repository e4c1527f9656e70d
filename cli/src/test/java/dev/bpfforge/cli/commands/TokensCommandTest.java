package dev.bpfforge.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.cli.BpfForge;
import dev.bpfforge.cli.CliException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code bpfforge tokens} decides before it asks the service. The URL points at a port nobody
 * listens on: had a request been made, the exit code would be 3, not 2.
 */
class TokensCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private String deadUrl;

  @BeforeEach
  void nobodyListens() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      deadUrl = "http://127.0.0.1:" + free.getLocalPort();
    }
  }

  private int run(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--url";
    all[1] = deadUrl;
    System.arraycopy(args, 0, all, 2, args.length);
    return BpfForge.run(all, Map.of("XDG_CONFIG_HOME", "/nonexistent"), new PrintWriter(out), new PrintWriter(err), false);
  }

  @Test
  void createWithoutATenantIsExit2NamingTheOption() {
    assertThat(run("tokens", "create", "--role", "user")).isEqualTo(2);
    assertThat(err.toString()).contains("--tenant");
  }

  @Test
  void aRoleTheServiceDoesNotKnowIsExit2ListingTheRoles() {
    assertThat(run("tokens", "create", "--tenant", "team-a", "--role", "root")).isEqualTo(2);
    assertThat(err.toString()).contains("'root' is not a role", "admin, user or read");
  }

  @Test
  void revokingSomethingThatIsNotATokenIdIsExit2WithoutEchoingIt() {
    String pastedSecret = "bpff_notanid0123456789";
    assertThat(run("tokens", "revoke", pastedSecret)).isEqualTo(2);
    assertThat(err.toString()).contains("not a token id", "tokens list").doesNotContain(pastedSecret);
  }

  @Test
  void onlyTheCanonicalUuidFormIsATokenId() {
    String id = "0f8c3a52-6a3e-4f0e-9d55-2a1b3c4d5e6f";
    assertThat(TokensCommand.parseId(id)).hasToString(id);
    assertThat(TokensCommand.parseId(id.toUpperCase())).hasToString(id);
    // UUID.fromString would take this as 00000001-0002-0003-0004-000000000005.
    assertThatThrownBy(() -> TokensCommand.parseId("1-2-3-4-5")).isInstanceOf(CliException.class);
  }

  @Test
  void aValidRevokeReachesForTheServiceAndAnUnreachableOneIsExit3() {
    assertThat(run("tokens", "revoke", "0f8c3a52-6a3e-4f0e-9d55-2a1b3c4d5e6f")).isEqualTo(3);
    assertThat(err.toString()).contains("cannot reach the BPF Forge service at " + deadUrl);
  }

  @Test
  void createsHelpSaysTheSecretIsShownOnceAndHowToCaptureIt() {
    assertThat(run("tokens", "create", "--help")).isZero();
    assertThat(out.toString()).contains("printed this once", "TOKEN=$(bpfforge tokens create --tenant team-a)",
        "--tenant", "--role", "admin, user or read (default: user)", "--name");
  }
}
