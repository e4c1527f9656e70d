package dev.bpfforge.service.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.service.api.InvalidRequestException;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactSelectionTest {

  @Test
  void noArtifactFieldSelectsTheObject() {
    ArtifactSelection selection = ArtifactSelection.of(List.of());

    assertThat(selection.requested()).containsExactly(ArtifactKind.O);
    assertThat(selection.isSingle()).isTrue();
  }

  @Test
  void repeatedFieldsAndCommaListsAddUp() {
    ArtifactSelection selection = ArtifactSelection.of(List.of("skel, btf", "manifest"));

    assertThat(selection.requested()).containsExactly(ArtifactKind.SKEL, ArtifactKind.BTF, ArtifactKind.MANIFEST);
    assertThat(selection.isSingle()).isFalse();
  }

  @Test
  void allIsEveryKind() {
    assertThat(ArtifactSelection.parse("all").requested()).isEqualTo(EnumSet.allOf(ArtifactKind.class));
    assertThat(ArtifactSelection.of(List.of("o", "all")).requested()).isEqualTo(EnumSet.allOf(ArtifactKind.class));
  }

  @Test
  void theObjectIsAlwaysProducedButOnlyRequestedKindsAreAnswered() {
    ArtifactSelection skel = ArtifactSelection.parse("skel");

    assertThat(skel.requested()).containsExactly(ArtifactKind.SKEL);
    assertThat(skel.produced()).containsExactly(ArtifactKind.O, ArtifactKind.SKEL);
    assertThat(skel.isSingle()).isTrue();
  }

  @Test
  void unknownKindIsRejectedByName() {
    assertThatThrownBy(() -> ArtifactSelection.of(List.of("o", "skel,elf")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("artifact 'elf' is not one of o, skel, btf, so, manifest, all.");
    assertThatThrownBy(() -> ArtifactSelection.parse("o,,btf")).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void storedIdsReadBackAsTheSameSelection() {
    ArtifactSelection selection = ArtifactSelection.of(List.of("so", "btf"));

    assertThat(ArtifactSelection.fromStored(selection.ids())).isEqualTo(selection);
    assertThat(selection.ids()).containsExactly("btf", "so");
  }

  @Test
  void buildsStoredBeforeKindsExistedStillRead() {
    assertThat(ArtifactSelection.fromStored("o")).isEqualTo(ArtifactSelection.O);
    assertThat(ArtifactSelection.fromStored("all")).isEqualTo(ArtifactSelection.ALL);
    assertThat(ArtifactSelection.fromStored(null)).isEqualTo(ArtifactSelection.O);
  }

  @Test
  void eachKindHasItsFileName() {
    assertThat(EnumSet.allOf(ArtifactKind.class).stream().map(k -> k.fileName("execsnoop")))
        .containsExactly("execsnoop.o", "execsnoop.skel.h", "execsnoop.min.btf", "execsnoop.so", "manifest.json");
  }
}
