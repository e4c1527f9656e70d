package dev.bpfforge.service.toolchain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.btf.Arch;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The toolchains the workers of every process hold, in PostgreSQL: a process with workers
 * publishes what it read from its tools, and an API-only replica routes among what was published
 * recently. That is how a job reaches a toolchain no API replica has installed.
 */
public class ToolchainRegistry {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final Clock clock;
  private final Duration freshness;

  public ToolchainRegistry(JdbcClient jdbc, ObjectMapper json, Clock clock, Duration freshness) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.freshness = freshness;
  }

  public void publish(List<Toolchain> toolchains) {
    for (Toolchain t : toolchains) {
      jdbc.sql("""
              insert into toolchains (id, clang, libbpf, bpftool, arches, system_includes, image, seen_at)
              values (:id, :clang, :libbpf, :bpftool, :arches, cast(:includes as jsonb), :image, :now)
              on conflict (id) do update set clang = excluded.clang, libbpf = excluded.libbpf, bpftool = excluded.bpftool,
                 arches = excluded.arches, system_includes = excluded.system_includes, image = excluded.image,
                 seen_at = excluded.seen_at
              """)
          .param("id", t.id()).param("clang", t.clangVersion()).param("libbpf", t.libbpfVersion())
          .param("bpftool", t.bpftoolVersion())
          .param("arches", t.arches().stream().map(Arch::id).sorted().collect(Collectors.joining(",")))
          .param("includes", write(t.systemIncludes())).param("image", t.image())
          .param("now", Timestamp.from(clock.instant()))
          .update();
    }
  }

  /** Toolchains some worker published within the freshness window. */
  public List<Toolchain> recent() {
    return jdbc.sql("select * from toolchains where seen_at > :since order by id")
        .param("since", Timestamp.from(clock.instant().minus(freshness)))
        .query((rs, n) -> new Toolchain(rs.getString("id"), rs.getString("clang"), rs.getString("libbpf"),
            rs.getString("bpftool"), arches(rs.getString("arches")), read(rs.getString("system_includes")), rs.getString("image")))
        .list();
  }

  private static Set<Arch> arches(String stored) {
    Set<Arch> arches = EnumSet.noneOf(Arch.class);
    Arrays.stream(stored.split(",")).filter(s -> !s.isBlank()).map(Arch::parse).forEach(arches::add);
    return arches;
  }

  private String write(List<String> value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> read(String stored) {
    try {
      return json.readValue(stored, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
