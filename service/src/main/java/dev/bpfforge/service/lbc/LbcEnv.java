package dev.bpfforge.service.lbc;

import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.compile.Define;
import java.util.ArrayList;
import java.util.List;

/**
 * A Coolbpf request's {@code env}: extra compiler flags its server pastes into a make command
 * line. Here only preprocessor definitions are taken ({@code -DNAME}, {@code -DNAME=VALUE},
 * {@code -D NAME}), each through the same {@link Define} validation as the {@code define} field;
 * any other flag is refused by name, since options reach clang only through the allow-list.
 */
final class LbcEnv {
  private LbcEnv() {}

  static List<Define> defines(String env) {
    List<Define> defines = new ArrayList<>();
    String[] tokens = env.strip().isEmpty() ? new String[0] : env.strip().split("\\s+");
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i];
      if (token.equals("-D") && i + 1 < tokens.length) {
        defines.add(Define.parse(tokens[++i]));
      } else if (token.startsWith("-D") && token.length() > 2) {
        defines.add(Define.parse(token.substring(2)));
      } else {
        throw new InvalidRequestException("env", "env flag '" + token.replaceAll("[^\\x21-\\x7e]", "?")
            + "' is not accepted: only -DNAME or -DNAME=VALUE defines are; the service chooses every other compiler flag.");
      }
    }
    return defines;
  }
}
