package dev.weft.scheduler.state.coordination;

import java.util.HashMap;
import java.util.Map;

/**
 * Which coordination objects keep which tasks alive, counted: a queue may hold one future twice,
 * datasets share the {@value #DATASETS} holder. Each holder is a pseudo-client of the scheduler's
 * wants; it wants a key while its count is above zero. A future handed to a client (taken from a
 * queue, read from a variable or dataset) is held for that client by its hand-over holder until
 * the client says it holds a future itself ({@code Taken}) or goes.
 */
final class Holds {

  /** The pseudo-client every published dataset's task is wanted by (dask's). */
  static final String DATASETS = "published-data";
  private static final String QUEUE = "queue-";
  private static final String VARIABLE = "variable-";
  private static final String HANDOVER = "handover-";

  private final CoordinationHost host;
  /** Holder → key → times held; entries exist only with a count above zero. */
  private final Map<String, Map<String, Integer>> counts = new HashMap<>();

  Holds(CoordinationHost host) {
    this.host = host;
  }

  /** The holder of the futures in queue {@code name}. */
  static String queue(String name) {
    return QUEUE + name;
  }

  /** The holder of the future variable {@code name} is set to. */
  static String variable(String name) {
    return VARIABLE + name;
  }

  /** The holder of the futures handed to {@code clientId} and not yet taken. */
  static String handover(String clientId) {
    return HANDOVER + clientId;
  }

  /** True when {@code clientId} is a holder's name, which no client may take. */
  static boolean reserved(String clientId) {
    return clientId.equals(DATASETS) || clientId.startsWith(QUEUE) || clientId.startsWith(VARIABLE)
        || clientId.startsWith(HANDOVER);
  }

  /** {@code holder} keeps {@code key} once more; false (nothing held) when no task has that key. */
  boolean hold(String holder, String key) {
    Map<String, Integer> held = counts.get(holder);
    Integer n = held == null ? null : held.get(key);
    if (n == null && !host.want(holder, key)) {
      return false;
    }
    counts.computeIfAbsent(holder, h -> new HashMap<>()).put(key, n == null ? 1 : n + 1);
    return true;
  }

  /** {@code holder} keeps {@code key} once less (nothing when it does not keep it). */
  void release(String holder, String key) {
    Map<String, Integer> held = counts.get(holder);
    Integer n = held == null ? null : held.get(key);
    if (n == null) {
      return;
    }
    if (n > 1) {
      held.put(key, n - 1);
      return;
    }
    held.remove(key);
    if (held.isEmpty()) {
      counts.remove(holder);
    }
    host.unwant(holder, key);
  }

  /** One hold of {@code key} passes from {@code from} to {@code to}; the task is kept throughout. */
  void move(String from, String to, String key) {
    hold(to, key);
    release(from, key);
  }

  /** {@code holder} keeps nothing any more. */
  void releaseAll(String holder) {
    Map<String, Integer> held = counts.remove(holder);
    if (held != null) {
      held.keySet().forEach(key -> host.unwant(holder, key));
    }
  }
}
