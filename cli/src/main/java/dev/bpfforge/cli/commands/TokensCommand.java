package dev.bpfforge.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpfforge.cli.CliException;
import dev.bpfforge.cli.ExitCodes;
import dev.bpfforge.cli.http.ForgeApi;
import dev.bpfforge.cli.http.MultipartBody;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code bpfforge tokens}: the service's bearer tokens, which only an admin token may manage. */
@Command(name = "tokens", description = "Bearer tokens: create, list and revoke them (needs an admin token).",
    subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
public final class TokensCommand {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  /** What a refusal names: "the token is not allowed to reach token management: it needs ... admin". */
  static final String WHAT = "token management";

  @Command(name = "create", description = {
      "Create a token for a tenant; its secret is printed this once.",
      "The service keeps only the secret's SHA-256. The secret goes alone to stdout, so "
          + "TOKEN=$(bpfforge tokens create --tenant team-a) captures it; its id and a reminder go to stderr. "
          + "With --json, stdout is the service's answer, the secret ('token') included."})
  static final class Create extends ForgeCommand {
    @Option(names = "--tenant", required = true, paramLabel = "TENANT",
        description = "The tenant it acts for (lower-case letters, digits, ._-); builds are visible to its own tenant only.")
    String tenant;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "user", converter = RoleName.class,
        description = "admin, user or read (default: ${DEFAULT-VALUE}): read only fetches, user also compiles, admin also manages tokens and kernels.")
    String role;

    @Option(names = "--name", paramLabel = "NAME", description = "A label for people: who or what holds the token (e.g. ci-team-a).")
    String name;

    @Override
    public Integer call() {
      MultipartBody form = new MultipartBody().field("tenant", tenant).field("role", role);
      if (name != null) {
        form.field("name", name);
      }
      JsonNode created = api().expectOk(api().postMultipart("/v1/tokens", form), WHAT).json();
      String secret = created.path("token").asText("");
      if (secret.isEmpty()) {
        throw new CliException(ExitCodes.UNAVAILABLE, "the service answered the token's creation without its secret.");
      }
      String id = created.path("id").asText();
      output().result(created, c -> output().line(secret));
      output().notice("created token " + id + " for tenant " + created.path("tenant").asText() + " with role "
          + created.path("role").asText() + "; its secret (on stdout) will not be shown again: store it now."
          + " Revoke it with: bpfforge tokens revoke " + id);
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "List every token, oldest first, revoked ones too: never a secret.")
  static final class ListTokens extends ForgeCommand {
    @Override
    public Integer call() {
      output().result(api().getJson("/v1/tokens", WHAT), tokens -> TokenTable.lines(tokens).forEach(output()::line));
      return ExitCodes.OK;
    }
  }

  @Command(name = "revoke", description = {
      "Revoke a token: the service refuses it (401) from the next request on.",
      "Revoking it again is no error. With --json, prints {\"id\": ID, \"revoked\": true} (the service answers 204, with no body)."})
  static final class Revoke extends ForgeCommand {
    @Parameters(paramLabel = "ID", description = "The token's id, from tokens create or tokens list.") String id;

    @Override
    public Integer call() {
      UUID token = parseId(id);
      api().expectOk(api().delete("/v1/tokens/" + token), WHAT);
      ObjectNode revoked = ForgeApi.JSON.createObjectNode().put("id", token.toString()).put("revoked", true);
      output().result(revoked, r -> output().line("revoked token " + token + ": it is refused from the next request on."));
      return ExitCodes.OK;
    }
  }

  /** Checked before any request, so a pasted secret or a typo is a usage error and never sent in a URL. */
  static UUID parseId(String id) {
    try {
      // UUID.fromString accepts short groups ("1-2-3-4-5"); only the canonical 36-character form is an id.
      UUID uuid = UUID.fromString(id);
      if (uuid.toString().equalsIgnoreCase(id)) {
        return uuid;
      }
    } catch (IllegalArgumentException notAUuid) {
      // reported below
    }
    // Not echoed: what was pasted may be a secret, which must not land in a CI log.
    throw new CliException(ExitCodes.USAGE, "that is not a token id: give the UUID (36 characters) that bpfforge tokens list shows.");
  }

  /** The roles the service knows, checked here so --help lists them and a typo costs no request. */
  static final class RoleName implements ITypeConverter<String> {
    static final List<String> ROLES = List.of("admin", "user", "read");

    @Override
    public String convert(String value) {
      if (!ROLES.contains(value)) {
        throw new TypeConversionException("'" + value + "' is not a role: use admin, user or read.");
      }
      return value;
    }
  }
}
