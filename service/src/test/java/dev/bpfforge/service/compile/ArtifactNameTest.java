package dev.bpfforge.service.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArtifactNameTest {

  @Test
  void theEntryStemNamesTheArtifacts() {
    assertThat(ArtifactName.of(Optional.empty(), new SourcePath("src/execsnoop.bpf.c"))).isEqualTo("execsnoop");
  }

  @Test
  void theBuildNameWinsOverTheEntry() {
    assertThat(ArtifactName.of(Optional.of("opensnoop"), new SourcePath("execsnoop.bpf.c"))).isEqualTo("opensnoop");
  }

  @Test
  void charactersOutsideACIdentifierBecomeUnderscores() {
    assertThat(ArtifactName.of(Optional.of("my-tool.v2+x~y"), new SourcePath("bpf.c"))).isEqualTo("my_tool_v2_x_y");
    assertThat(ArtifactName.of(Optional.empty(), new SourcePath("tcp connect,v4.bpf.c"))).isEqualTo("tcp_connect_v4");
  }

  @Test
  void aLeadingDigitGetsAnUnderscore() {
    assertThat(ArtifactName.of(Optional.of("2fast"), new SourcePath("bpf.c"))).isEqualTo("_2fast");
  }
}
