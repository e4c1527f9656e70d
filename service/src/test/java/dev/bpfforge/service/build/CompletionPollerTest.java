package dev.bpfforge.service.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CompletionPollerTest {
  private final Set<Long> finishedJobs = ConcurrentHashMap.newKeySet();
  private final List<Set<Long>> queries = new CopyOnWriteArrayList<>();
  private final CompletionPoller<Long> poller = new CompletionPoller<>(ids -> {
    queries.add(ids);
    return ids.stream().filter(finishedJobs::contains).collect(Collectors.toSet());
  });
  private final ExecutorService requests = Executors.newFixedThreadPool(100);

  @AfterEach
  void stopRequests() {
    requests.shutdownNow();
  }

  @Test
  void aHundredWaitersCostOneQueryPerPollAndOnlyTheFinishedAreReleased() throws Exception {
    List<Future<Boolean>> waits = new ArrayList<>();
    for (long job = 0; job < 100; job++) {
      long id = job % 50; // two requests wait on each job, as two clients may
      waits.add(requests.submit(() -> poller.await(id, Duration.ofSeconds(30))));
    }
    awaitWaiting(100);
    LongStream.range(0, 25).forEach(finishedJobs::add);

    poller.poll();

    assertThat(queries).hasSize(1);
    assertThat(queries.get(0)).hasSize(50);
    for (int i = 0; i < 100; i++) {
      if (i % 50 < 25) {
        assertThat(waits.get(i).get()).as("waiter on finished job %d", i % 50).isTrue();
      } else {
        assertThat(waits.get(i).isDone()).as("waiter on running job %d", i % 50).isFalse();
      }
    }
    awaitWaiting(50);
  }

  @Test
  void aWaiterWhoseTimeoutPassesGetsFalseAndIsNoLongerQueriedFor() throws Exception {
    assertThat(poller.await(7L, Duration.ofMillis(50))).isFalse();

    assertThat(poller.waiting()).isZero();
    poller.poll();
    assertThat(queries).as("nobody waits, so nothing is asked").isEmpty();
  }

  private void awaitWaiting(int count) throws InterruptedException {
    for (int i = 0; i < 500 && poller.waiting() != count; i++) {
      Thread.sleep(10);
    }
    assertThat(poller.waiting()).isEqualTo(count);
  }
}
