package dev.bpfforge.service.build;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Waiters for one kind of key (job ids, build ids) and the one query per tick that serves them
 * all: a hundred requests waiting on their compiles cost one query per tick, not a hundred, so
 * waiting never competes with the workers for the connection pool.
 */
final class CompletionPoller<K> {
  /** PostgreSQL takes at most 32767 bind parameters; far fewer keep each query cheap. */
  private static final int KEYS_PER_QUERY = 500;

  private final Function<Set<K>, Set<K>> finishedAmong;
  private final Set<Waiter<K>> waiters = ConcurrentHashMap.newKeySet();

  /** @param finishedAmong the keys of those given whose job or build has finished */
  CompletionPoller(Function<Set<K>, Set<K>> finishedAmong) {
    this.finishedAmong = finishedAmong;
  }

  private record Waiter<K>(K key, CompletableFuture<Void> finished) {}

  /** Blocks until a poll sees {@code key} finished (true) or the timeout passes (false). */
  boolean await(K key, Duration timeout) throws InterruptedException {
    Waiter<K> waiter = new Waiter<>(key, new CompletableFuture<>());
    waiters.add(waiter);
    try {
      waiter.finished().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      waiters.remove(waiter);
    }
  }

  int waiting() {
    return waiters.size();
  }

  /** One round: query the distinct keys waited on, release the waiters of those that finished. */
  void poll() {
    if (waiters.isEmpty()) {
      return;
    }
    List<K> keys = waiters.stream().map(Waiter::key).distinct().toList();
    Set<K> finished = new HashSet<>();
    for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
      finished.addAll(finishedAmong.apply(Set.copyOf(keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY)))));
    }
    for (Waiter<K> waiter : waiters) {
      if (finished.contains(waiter.key())) {
        waiter.finished().complete(null);
      }
    }
  }
}
