package dev.weft.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * At most {@link #PER_WORKER} fetches of values from one worker at a time, the rest waiting their
 * turn in order (dask's client gathers likewise in bounded rounds): a gather of a thousand large
 * values does not ask one worker for all of them at once, which would have it prepare (or read
 * back from disk) more than its memory holds and keep later askers waiting past their timeout.
 * Thread-safe.
 */
final class FetchLimiter {

  /** Fetches from one worker under way at once. */
  static final int PER_WORKER = 4;

  /** Fetches under way, by worker; absent when none. */
  private final Map<String, Integer> running = new HashMap<>();
  /** Fetches waiting, by worker, first come first served; absent when none. */
  private final Map<String, ArrayDeque<Runnable>> waiting = new HashMap<>();

  /** Runs {@code fetch} from {@code worker} once fewer than {@link #PER_WORKER} are under way there. */
  <T> Future<T> run(String worker, Supplier<Future<T>> fetch) {
    Promise<T> result = Promise.promise();
    Runnable start = () -> fetch.get().onComplete(ar -> {
      done(worker);
      result.handle(ar);
    });
    boolean now;
    synchronized (this) {
      int n = running.getOrDefault(worker, 0);
      now = n < PER_WORKER;
      if (now) {
        running.put(worker, n + 1);
      } else {
        waiting.computeIfAbsent(worker, w -> new ArrayDeque<>()).add(start);
      }
    }
    if (now) {
      start.run();
    }
    return result.future();
  }

  private void done(String worker) {
    Runnable next;
    synchronized (this) {
      ArrayDeque<Runnable> queue = waiting.get(worker);
      next = queue == null ? null : queue.poll();
      if (queue != null && queue.isEmpty()) {
        waiting.remove(worker);
      }
      if (next == null) {
        int n = running.get(worker) - 1;
        if (n == 0) {
          running.remove(worker);
        } else {
          running.put(worker, n);
        }
      }
    }
    if (next != null) {
      next.run();
    }
  }
}
