package dev.weft.worker.state;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The task functions (by {@code TaskSpec.name}) whose latest run on this worker was short: what
 * lets {@link Computing} queue their tasks on the task threads ahead of a free slot. Remembers the
 * most recently run {@link #CAPACITY} names; a name not remembered is not known short.
 */
final class ShortFunctions {

  /** Names remembered at most. */
  static final int CAPACITY = 256;
  /** A run this long or shorter (stop minus start on the millisecond clock) is short. */
  static final long SHORT_RUN_MILLIS = 1;

  /** Whether the latest run of each name was short, least recently run first; at most CAPACITY entries. */
  private final Map<String, Boolean> latest = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > CAPACITY;
    }
  };

  /** A run of {@code name} took from {@code startMillis} to {@code stopMillis}. */
  void ran(String name, long startMillis, long stopMillis) {
    latest.put(name, stopMillis - startMillis <= SHORT_RUN_MILLIS);
  }

  /** Whether the latest run of {@code name} here was short. */
  boolean isShort(String name) {
    return latest.getOrDefault(name, false);
  }
}
