package dev.bpfforge.service.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.mock.web.MockMultipartHttpServletRequest;

class MultipartFormTest {
  private static final Set<String> VALUES = Set.of("entry", "define", "mcpu");
  private static final Set<String> FILES = Set.of("file", "bundle");

  private final MockMultipartHttpServletRequest request = new MockMultipartHttpServletRequest();

  private static MockMultipartFile part(String field, String filename) {
    return new MockMultipartFile(field, filename, "text/plain", "int x;".getBytes(UTF_8));
  }

  @Test
  void knownFieldsAreRead() {
    request.addParameter("entry", " prog.bpf.c ");
    request.addParameter("define", "A=1", "B");
    request.addFile(part("file", "prog.bpf.c"));
    request.addFile(part("file", "inc/a.h"));

    MultipartForm form = MultipartForm.of(request, VALUES, FILES);

    assertThat(form.single("entry")).contains("prog.bpf.c");
    assertThat(form.repeated("define")).containsExactly("A=1", "B");
    assertThat(form.files("file")).extracting(f -> f.getOriginalFilename()).containsExactly("prog.bpf.c", "inc/a.h");
    assertThat(form.single("mcpu")).isEmpty();
    assertThat(form.repeated("mcpu")).isEmpty();
    assertThat(form.files("bundle")).isEmpty();
  }

  @Test
  void unknownValueFieldIsRejectedByName() {
    request.addParameter("entry", "bpf.c");
    request.addParameter("entyr", "bpf.c");

    assertThatThrownBy(() -> MultipartForm.of(request, VALUES, FILES))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("entyr"))
        .hasMessageContaining("entyr");
  }

  @Test
  void unknownFilePartIsRejectedByName() {
    request.addFile(part("source", "bpf.c"));

    assertThatThrownBy(() -> MultipartForm.of(request, VALUES, FILES))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("source"))
        .hasMessageContaining("source");
  }

  @Test
  void everyUnknownFieldIsNamedInTheMessage() {
    request.addParameter("zeta", "1");
    request.addParameter("alpha", "1");

    assertThatThrownBy(() -> MultipartForm.of(request, VALUES, FILES))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("alpha"))
        .hasMessageContaining("alpha, zeta");
  }

  @Test
  void singleValuedFieldSentTwiceIsRejected() {
    request.addParameter("mcpu", "v2", "v3");
    MultipartForm form = MultipartForm.of(request, VALUES, FILES);

    assertThatThrownBy(() -> form.single("mcpu"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("mcpu"))
        .hasMessageContaining("2 times");
  }

  @Test
  void requiredFieldMissingOrBlankIsRejectedWithTheHint() {
    request.addParameter("mcpu", "  ");
    MultipartForm form = MultipartForm.of(request, VALUES, FILES);

    assertThatThrownBy(() -> form.required("entry", "name the file to compile"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("entry"))
        .hasMessageContaining("name the file to compile");
    assertThatThrownBy(() -> form.required("mcpu", "v1..v4")).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void filesListIsACopyTheCallerMayChange() {
    request.addFile(part("file", "bpf.c"));
    MultipartForm form = MultipartForm.of(request, VALUES, FILES);

    form.files("file").clear();

    assertThat(form.files("file")).hasSize(1);
  }
}
