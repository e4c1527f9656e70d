package dev.bpfforge.service.build;

import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.api.NotFoundException;
import dev.bpfforge.service.queue.JobQueue;
import dev.bpfforge.service.security.Caller;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading, listing and cancelling builds, each only by the tenant that submitted it: another
 * tenant's build answers 404, exactly as one that does not exist, so ids reveal nothing.
 */
@RestController
class BuildController {
  static final Duration MAX_WAIT = Duration.ofSeconds(120);
  static final int PAGE_SIZE = 50;

  private final BuildRepository builds;
  private final JobRepository jobs;
  private final BuildViews views;
  private final BuildWaiter waiter;
  private final JobQueue queue;

  BuildController(BuildRepository builds, JobRepository jobs, BuildViews views, BuildWaiter waiter, JobQueue queue) {
    this.builds = builds;
    this.jobs = jobs;
    this.views = views;
    this.waiter = waiter;
    this.queue = queue;
  }

  record BuildPage(int page, int size, long total, java.util.List<BuildViews.BuildSummary> builds) {}

  /** {@code ?wait=30s} long-polls until the build finishes or the wait ends, whichever is first. */
  @GetMapping("/v1/builds/{id}")
  BuildViews.BuildView show(@PathVariable("id") String id, @RequestParam(name = "wait", required = false) String wait,
      Caller caller) throws InterruptedException {
    Build build = find(id, caller);
    if (wait != null && !build.state().isFinished()) {
      build = waiter.awaitBuild(build.id(), duration(wait));
    }
    return views.of(build);
  }

  @GetMapping("/v1/builds")
  BuildPage list(@RequestParam(name = "state", required = false) String state,
      @RequestParam(name = "name", required = false) String name,
      @RequestParam(name = "page", defaultValue = "0") int page, Caller caller) {
    if (page < 0) {
      throw new InvalidRequestException("page", "page must be 0 or more.");
    }
    BuildState filter = state == null ? null : buildState(state);
    Page<Build> found = builds.search(caller.tenant(), filter, name, PageRequest.of(page, PAGE_SIZE));
    return new BuildPage(page, PAGE_SIZE, found.getTotalElements(), found.map(BuildViews::summary).getContent());
  }

  /** Cancels the targets that have not finished; a finished build is left as it is. */
  @DeleteMapping("/v1/builds/{id}")
  BuildViews.BuildView cancel(@PathVariable("id") String id, Caller caller) {
    Build build = find(id, caller);
    if (!build.state().isFinished()) {
      queue.cancel(build.id());
    }
    return views.of(builds.findById(build.id()).orElseThrow());
  }

  @GetMapping(path = "/v1/builds/{id}/targets/{index}/log", produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<String> log(@PathVariable("id") String id, @PathVariable("index") int index, Caller caller) {
    Build build = find(id, caller);
    Job job = jobs.findByBuildIdAndTargetIndex(build.id(), index)
        .orElseThrow(() -> new NotFoundException("target", "Build " + build.id() + " has no target " + index + "."));
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(job.log() == null ? "" : job.log());
  }

  private Build find(String id, Caller caller) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("id", "Build id '" + id.replaceAll("[^\\w-]", "?") + "' is not a UUID.");
    }
    return builds.findByIdAndTenant(uuid, caller.tenant()).orElseThrow(() -> new NotFoundException("build", "No build has id " + uuid + "."));
  }

  private static BuildState buildState(String raw) {
    try {
      return BuildState.valueOf(raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("state", "state must be one of QUEUED, RUNNING, SUCCEEDED, PARTIAL, FAILED, CANCELLED.");
    }
  }

  /** "30s", "500ms", "2m" or plain seconds; capped so a request cannot hold a thread for long. */
  static Duration duration(String raw) {
    String value = raw.strip().toLowerCase(Locale.ROOT);
    try {
      Duration parsed;
      if (value.endsWith("ms")) parsed = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      else if (value.endsWith("s")) parsed = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
      else if (value.endsWith("m")) parsed = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
      else parsed = Duration.ofSeconds(Long.parseLong(value));
      if (parsed.isNegative()) throw new NumberFormatException();
      return parsed.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : parsed;
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new InvalidRequestException("wait", "wait '" + raw.replaceAll("[^\\w.]", "?") + "' must be a duration such as 30s, 500ms or 2m.");
    }
  }
}
