package dev.bpfforge.cli.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IncludeScannerTest {

  @Test
  void findsQuotedAndAngledIncludesWithAnySpacing() {
    String source = """
        #include "vmlinux.h"
        #  include <bpf/bpf_helpers.h>
          #include"maps.h"
        # include_next <common.h>
        """;
    assertThat(IncludeScanner.scan(source)).containsExactly(
        new IncludeDirective("vmlinux.h", false),
        new IncludeDirective("bpf/bpf_helpers.h", true),
        new IncludeDirective("maps.h", false),
        new IncludeDirective("common.h", true));
  }

  @Test
  void includesInsideCommentsAreNotIncludes() {
    String source = """
        // #include "line-comment.h"
        /* #include "block.h"
           #include "still-block.h" */
        #include /* between */ "real.h" // trailing
        """;
    assertThat(IncludeScanner.scan(source)).containsExactly(new IncludeDirective("real.h", false));
  }

  @Test
  void includesInEveryConditionalBranchAreTaken() {
    String source = """
        #ifndef GUARD_H
        #define GUARD_H
        #if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 8, 0)
        #include "ringbuf.h"
        #else
        #include "perfbuf.h"
        #endif
        #if 0
        #include "disabled.h"
        #endif
        #endif
        """;
    assertThat(IncludeScanner.scan(source)).extracting(IncludeDirective::name)
        .containsExactly("ringbuf.h", "perfbuf.h", "disabled.h");
  }

  @Test
  void aBackslashNewlineJoinsTheDirective() {
    assertThat(IncludeScanner.scan("#include \\\n  \"split.h\"\n")).containsExactly(new IncludeDirective("split.h", false));
  }

  @Test
  void commentMarkersInsideStringsAndAnApostropheInAnErrorLineDoNotHideIncludes() {
    String source = """
        const char url[] = "http://example.org/*not a comment";
        #error don't do this
        #include "after.h"
        """;
    assertThat(IncludeScanner.scan(source)).containsExactly(new IncludeDirective("after.h", false));
  }

  @Test
  void computedIncludesAreLeftOut() {
    assertThat(IncludeScanner.scan("#define H \"x.h\"\n#include H\n")).isEqualTo(List.of());
  }
}
