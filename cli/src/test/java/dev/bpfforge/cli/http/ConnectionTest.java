package dev.bpfforge.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.cli.CliException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest {
  @TempDir Path config;

  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("XDG_CONFIG_HOME", config.toString()));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private void configFile(String content) throws IOException {
    Files.createDirectories(config.resolve("bpfforge"));
    Files.writeString(config.resolve("bpfforge/config"), content);
  }

  @Test
  void withNothingConfiguredItIsLocalhost8080WithoutAToken() {
    Connection c = Connection.resolve(null, null, env());
    assertThat(c.url()).isEqualTo(URI.create("http://localhost:8080"));
    assertThat(c.token()).isEmpty();
  }

  @Test
  void theConfigFileIsReadWhenNeitherFlagNorEnvironmentSayIt() throws IOException {
    configFile("# the team's forge\nurl = https://forge.example:8443/\ntoken = from-file\n");
    Connection c = Connection.resolve(null, null, env());
    assertThat(c.url()).isEqualTo(URI.create("https://forge.example:8443"));
    assertThat(c.token()).contains("from-file");
  }

  @Test
  void theEnvironmentBeatsTheFileAndTheFlagBeatsBoth() throws IOException {
    configFile("url = http://file:1\ntoken = from-file\n");
    Map<String, String> env = env("BPFFORGE_URL", "http://env:2", "BPFFORGE_TOKEN", "from-env");
    assertThat(Connection.resolve(null, null, env)).isEqualTo(new Connection(URI.create("http://env:2"), Optional.of("from-env")));
    assertThat(Connection.resolve("http://flag:3", "from-flag", env))
        .isEqualTo(new Connection(URI.create("http://flag:3"), Optional.of("from-flag")));
  }

  @Test
  void aUrlThatIsNotHttpIsAUsageError() {
    assertThatThrownBy(() -> Connection.resolve("forge:8080", null, env()))
        .isInstanceOf(CliException.class).hasMessageContaining("http://host:port")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
  }
}
