package dev.bpfforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/**
 * Where a command's words go: results on stdout (JSON with {@code --json}), notices on stderr,
 * and progress on stderr only when a person is watching ({@link System#console()}), so CI logs
 * and pipes stay quiet.
 */
public final class Output {
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean interactive;

  public Output(PrintWriter out, PrintWriter err, boolean json, boolean interactive) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.interactive = interactive;
  }

  public boolean json() {
    return json;
  }

  public void line(String text) {
    out.println(text);
    out.flush();
  }

  public void json(Object value) {
    try {
      out.println(PRETTY.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    out.flush();
  }

  /** A line the user must see whatever stderr is (an upload made on their behalf, a compile error). */
  public void notice(String text) {
    err.println(text);
    err.flush();
  }

  public void progress(String text) {
    if (interactive) {
      notice(text);
    }
  }

  /** Prints a JSON document as-is with {@code --json}, else hands it to {@code human}. */
  public void result(JsonNode document, java.util.function.Consumer<JsonNode> human) {
    if (json) {
      json(document);
    } else {
      human.accept(document);
    }
  }
}
