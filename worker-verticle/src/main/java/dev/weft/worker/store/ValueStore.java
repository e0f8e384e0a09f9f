package dev.weft.worker.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a worker holds, each with its estimated size in bytes: dask's {@code WorkerState.data}.
 * The worker's state machine decides what is stored and when it is dropped (a key is here exactly
 * while its task is in memory); the store only keeps the values and their accounting. Spilling to
 * disk will live behind this API. Pure: no Vert.x, no clock, no threads; confined to one thread.
 */
public final class ValueStore {

  /** A held value and its size. */
  private record Entry(Object value, long nbytes) {}

  /** The held values by key; a value may be null (a task may return null). */
  private final Map<String, Entry> entries = new HashMap<>();
  /** Sum of {@code nbytes} over {@link #entries}. */
  private long bytes;

  /**
   * Holds {@code value} (possibly null) under {@code key}, estimated at {@code nbytes} (at least 0).
   *
   * @throws IllegalArgumentException when {@code key} is held already (drop it first) or
   *     {@code nbytes} is negative
   */
  public void put(String key, Object value, long nbytes) {
    if (nbytes < 0) {
      throw new IllegalArgumentException("negative size " + nbytes + " for " + key);
    }
    if (entries.containsKey(key)) {
      throw new IllegalArgumentException("already held: " + key);
    }
    entries.put(key, new Entry(value, nbytes));
    bytes += nbytes;
  }

  /** The value held under {@code key}; null when not held (or when the value is null: see {@link #contains}). */
  public Object get(String key) {
    Entry e = entries.get(key);
    return e == null ? null : e.value();
  }

  /** The estimated size of the value held under {@code key}, or -1 when not held. */
  public long nbytes(String key) {
    Entry e = entries.get(key);
    return e == null ? -1 : e.nbytes();
  }

  /** Whether a value is held under {@code key}. */
  public boolean contains(String key) {
    return entries.containsKey(key);
  }

  /** Drops the value held under {@code key}; returns whether one was held. */
  public boolean remove(String key) {
    Entry e = entries.remove(key);
    if (e == null) {
      return false;
    }
    bytes -= e.nbytes();
    return true;
  }

  /** Number of values held. */
  public int count() {
    return entries.size();
  }

  /** Estimated bytes of the values held. */
  public long bytes() {
    return bytes;
  }

  /** The keys held, sorted. */
  public List<String> sortedKeys() {
    List<String> keys = new ArrayList<>(entries.keySet());
    Collections.sort(keys);
    return keys;
  }
}
