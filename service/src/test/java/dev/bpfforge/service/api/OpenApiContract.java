package dev.bpfforge.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code api-spec/openapi.yaml} as a test oracle: which operations it declares, and whether a
 * real response (status, content type, headers, JSON body) is one it allows. Bodies are checked
 * with a JSON Schema 2020-12 validator (OpenAPI 3.1 schemas are JSON Schema) with format
 * assertions on, so a renamed, added, retyped or missing member fails with its JSON path.
 */
final class OpenApiContract {
  /** Where the api-spec module puts the contract on the classpath. */
  static final String RESOURCE = "bpfforge/openapi.yaml";
  private static final String IRI = "classpath:" + RESOURCE;
  private static final int SHOWN_BODY = 2_000;
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

  private final JsonNode spec;
  private final OpenAPI model;
  private final List<String> parseMessages;
  private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
      builder -> builder.metaSchema(OpenApi31.getInstance()).defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
  private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
      .formatAssertionsEnabled(true).pathType(PathType.JSON_PATH).build();
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
  private final Set<String> answered = ConcurrentHashMap.newKeySet();

  private OpenApiContract(String yaml) throws IOException {
    this.spec = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    ParseOptions options = new ParseOptions();
    options.setResolve(false);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(yaml, null, options);
    this.model = parsed.getOpenAPI();
    this.parseMessages = parsed.getMessages() == null ? List.of() : List.copyOf(parsed.getMessages());
  }

  static OpenApiContract load() {
    try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath: the api-spec module packages it");
      }
      return new OpenApiContract(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What swagger-parser found wrong with the document itself; empty for a valid one. */
  List<String> parseMessages() {
    return parseMessages;
  }

  String openApiVersion() {
    return model == null ? null : model.getOpenapi();
  }

  /** Every operation, as {@code "GET /v1/kernels/{release}"}. */
  Set<String> operations() {
    Set<String> operations = new TreeSet<>();
    model.getPaths().forEach((path, item) ->
        item.readOperationsMap().keySet().forEach(method -> operations.add(method.name() + " " + path)));
    return operations;
  }

  /** The media types an operation's request body may have; empty when it takes none. */
  Set<String> requestMediaTypes(String operation) {
    JsonNode body = resolve(operationNode(operation).path("requestBody"));
    return new TreeSet<>(names(body.path("content")));
  }

  /** Operations that have answered a checked request, whatever the status. */
  Set<String> answeredOperations() {
    return Set.copyOf(answered);
  }

  /** Path parameter names of an operation's path template, in order. */
  static List<String> pathParameters(String operation) {
    List<String> names = new ArrayList<>();
    Matcher matcher = PATH_PARAMETER.matcher(operation);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /**
   * Checks one response against the operation it answered ({@code "POST /v1/compile"}) and
   * returns it; throws an {@link AssertionError} naming every difference from the contract.
   */
  HttpResponse<byte[]> check(String operation, HttpResponse<byte[]> response) {
    List<String> problems = new ArrayList<>();
    JsonNode op = operationNode(operation);
    if (op.isMissingNode()) {
      throw new AssertionError("The contract has no operation " + operation + "; it has " + operations());
    }
    String status = Integer.toString(response.statusCode());
    String pointer = pointer("paths", pathOf(operation), methodOf(operation), "responses", status);
    JsonNode declared = spec.at(pointer);
    if (declared.isMissingNode()) {
      pointer = pointer("paths", pathOf(operation), methodOf(operation), "responses", "default");
      declared = spec.at(pointer);
    }
    if (declared.isMissingNode()) {
      problems.add("status " + status + " is not declared (declared: " + names(op.path("responses")) + ")");
    } else {
      answered.add(operation);
      if (declared.has("$ref")) {
        pointer = declared.get("$ref").asText().substring(1);
        declared = spec.at(pointer);
      }
      checkHeaders(declared, pointer, response, problems);
      checkBody(declared, pointer, response, problems);
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(operation + " answered " + status + ", which breaks the contract ("
          + RESOURCE + "):\n  - " + String.join("\n  - ", problems) + "\nheaders: " + response.headers().map()
          + "\nbody: " + shown(response.body()));
    }
    return response;
  }

  private void checkHeaders(JsonNode declared, String responsePointer, HttpResponse<byte[]> response, List<String> problems) {
    JsonNode headers = declared.path("headers");
    for (String name : names(headers)) {
      String headerPointer = responsePointer + "/headers/" + escape(name);
      JsonNode header = headers.get(name);
      if (header.has("$ref")) {
        headerPointer = header.get("$ref").asText().substring(1);
        header = spec.at(headerPointer);
      }
      Optional<String> value = response.headers().firstValue(name);
      if (value.isEmpty()) {
        if (header.path("required").asBoolean(false)) {
          problems.add("required header " + name + " is missing");
        }
        continue;
      }
      if (header.has("schema")) {
        validate(headerPointer + "/schema", TextNode.valueOf(value.get()))
            .forEach(m -> problems.add("header " + name + " '" + value.get() + "': " + m.getError()));
      }
    }
    // Our own headers are part of the API: one the contract does not declare is drift.
    for (String name : response.headers().map().keySet()) {
      if (name.toLowerCase(Locale.ROOT).startsWith("x-bpfforge-")
          && names(headers).stream().noneMatch(n -> n.equalsIgnoreCase(name))) {
        problems.add("header " + name + " is sent but not declared");
      }
    }
  }

  private void checkBody(JsonNode declared, String responsePointer, HttpResponse<byte[]> response, List<String> problems) {
    JsonNode content = declared.path("content");
    Optional<String> contentType = response.headers().firstValue("Content-Type");
    if (content.isMissingNode() || content.isEmpty()) {
      if (response.body().length > 0) {
        problems.add("declares no body, but " + response.body().length + " bytes came");
      }
      return;
    }
    if (contentType.isEmpty()) {
      problems.add("Content-Type is missing (declared: " + names(content) + ")");
      return;
    }
    String mediaType = contentType.get().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!content.has(mediaType)) {
      problems.add("Content-Type " + contentType.get() + " is not declared (declared: " + names(content) + ")");
      return;
    }
    String schemaPointer = responsePointer + "/content/" + escape(mediaType) + "/schema";
    if (!content.get(mediaType).has("schema")) {
      return;
    }
    if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
      JsonNode body;
      try {
        body = new ObjectMapper().readTree(response.body());
      } catch (IOException e) {
        problems.add("body is not JSON: " + e.getMessage());
        return;
      }
      if (body == null || body.isMissingNode()) {
        problems.add("body is empty, JSON declared");
        return;
      }
      validate(schemaPointer, body).forEach(m -> problems.add("body " + m.getInstanceLocation() + ": " + m.getError()));
    } else if (mediaType.startsWith("text/")) {
      validate(schemaPointer, TextNode.valueOf(new String(response.body(), StandardCharsets.UTF_8)))
          .forEach(m -> problems.add("body: " + m.getError()));
    }
  }

  private Set<ValidationMessage> validate(String schemaPointer, JsonNode value) {
    JsonSchema schema = compiled.computeIfAbsent(schemaPointer,
        p -> schemas.getSchema(SchemaLocation.of(IRI + "#" + fragment(p)), config));
    return schema.validate(value);
  }

  private JsonNode operationNode(String operation) {
    return spec.at(pointer("paths", pathOf(operation), methodOf(operation)));
  }

  private JsonNode resolve(JsonNode node) {
    return node.has("$ref") ? spec.at(node.get("$ref").asText().substring(1)) : node;
  }

  private static String pathOf(String operation) {
    return operation.substring(operation.indexOf(' ') + 1);
  }

  private static String methodOf(String operation) {
    return operation.substring(0, operation.indexOf(' ')).toLowerCase(Locale.ROOT);
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  /** A JSON pointer (RFC 6901) to nested members. */
  private static String pointer(String... tokens) {
    StringBuilder pointer = new StringBuilder();
    for (String token : tokens) {
      pointer.append('/').append(escape(token));
    }
    return pointer.toString();
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** A JSON pointer as a URI fragment: characters a URI may not hold are percent-encoded. */
  private static String fragment(String pointer) {
    return pointer.chars().mapToObj(c -> c == '{' || c == '}' || c == ' ' || c == '%'
        ? String.format("%%%02X", c) : String.valueOf((char) c)).collect(Collectors.joining());
  }

  private static String shown(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    boolean printable = text.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\r' || c == '\t');
    if (!printable) {
      return body.length + " bytes of binary";
    }
    return text.length() > SHOWN_BODY ? text.substring(0, SHOWN_BODY) + "... (" + text.length() + " chars)" : text;
  }
}
