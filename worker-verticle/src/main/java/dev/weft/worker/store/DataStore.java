package dev.weft.worker.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a worker holds (dask's {@code WorkerState.data} and its {@code SpillBuffer}): each in
 * memory, being written to disk, or on disk, with its estimated size. The worker's state machine
 * decides what is stored and when it is dropped (a key is here exactly while its task is in
 * memory) and when to spill; the store keeps the values, the order they were last used in (least
 * recently used first: the first to spill) and the accounting. The files themselves are written,
 * read and deleted by the I/O shell. Pure: no Vert.x, no clock, no threads; confined to one thread.
 */
public final class DataStore {

  /** Where a value is. */
  private enum Place { MEMORY, SPILLING, DISK }

  /** One held value. */
  private static final class Entry {
    /** The value; null once on disk (or when the task returned null). */
    Object value;
    /** Its estimated size in memory. */
    final long nbytes;
    /** Where it is. */
    Place place = Place.MEMORY;
    /** Its spill file's number once spilling started, else -1. */
    long id = -1;
    /** Bytes its spill file takes, once on disk. */
    long diskBytes;
    /** True when it cannot be written (it cannot be serialized): it stays in memory. */
    boolean pinned;

    Entry(Object value, long nbytes) {
      this.value = value;
      this.nbytes = nbytes;
    }
  }

  /** A value chosen to be written to disk: the shell writes {@code value} to spill file {@code id}. */
  public record ToSpill(String key, long id, Object value, long nbytes) {}

  /** Every held value by key. */
  private final Map<String, Entry> all = new HashMap<>();
  /** Exactly the entries in MEMORY, least recently used first (an access-ordered map). */
  private final LinkedHashMap<String, Entry> lru = new LinkedHashMap<>(16, 0.75f, true);
  /** Sum of {@code nbytes} over every entry, wherever it is. */
  private long bytes;
  /** Sum of {@code nbytes} over the entries in MEMORY or SPILLING. */
  private long memoryBytes;
  /** Sum of {@code nbytes} over the entries SPILLING. */
  private long spillingBytes;
  /** Sum of {@code diskBytes} over the entries on DISK. */
  private long diskBytes;
  /** Number of entries on DISK. */
  private int diskCount;
  /** Spill file numbers handed out so far; only grows. */
  private long lastId;

  /**
   * Holds {@code value} (possibly null) under {@code key}, in memory, estimated at {@code nbytes}.
   *
   * @throws IllegalArgumentException when {@code key} is held already (drop it first) or
   *     {@code nbytes} is negative
   */
  public void put(String key, Object value, long nbytes) {
    if (nbytes < 0) {
      throw new IllegalArgumentException("negative size " + nbytes + " for " + key);
    }
    if (all.containsKey(key)) {
      throw new IllegalArgumentException("already held: " + key);
    }
    Entry e = new Entry(value, nbytes);
    all.put(key, e);
    lru.put(key, e);
    bytes += nbytes;
    memoryBytes += nbytes;
  }

  /**
   * The value held under {@code key}, marked as just used; a {@link SpilledValue} when it is on
   * disk; null when not held (or when the value is null: see {@link #contains}).
   */
  public Object get(String key) {
    Entry e = all.get(key);
    if (e == null) {
      return null;
    }
    if (e.place == Place.MEMORY) {
      lru.get(key);
    }
    return e.place == Place.DISK ? new SpilledValue(key, e.id) : e.value;
  }

  /** The estimated size of the value held under {@code key} (in memory or not), or -1 when not held. */
  public long nbytes(String key) {
    Entry e = all.get(key);
    return e == null ? -1 : e.nbytes;
  }

  /** Whether a value is held under {@code key}, in memory or on disk. */
  public boolean contains(String key) {
    return all.containsKey(key);
  }

  /** Whether the value of {@code key} is on disk (not in memory). */
  public boolean onDisk(String key) {
    Entry e = all.get(key);
    return e != null && e.place == Place.DISK;
  }

  /**
   * Drops the value held under {@code key}. Returns the number of its spill file, which the shell
   * deletes, or -1 when it has none (a file still being written is deleted when the write ends:
   * see {@link #spilled}); {@link Long#MIN_VALUE} when nothing was held.
   */
  public long remove(String key) {
    Entry e = all.remove(key);
    if (e == null) {
      return Long.MIN_VALUE;
    }
    bytes -= e.nbytes;
    switch (e.place) {
      case MEMORY -> {
        lru.remove(key);
        memoryBytes -= e.nbytes;
      }
      case SPILLING -> {
        memoryBytes -= e.nbytes;
        spillingBytes -= e.nbytes;
      }
      case DISK -> {
        diskBytes -= e.diskBytes;
        diskCount--;
      }
    }
    return e.place == Place.DISK ? e.id : -1;
  }

  /**
   * Chooses values to write to disk, least recently used first, until at least {@code bytesToFree}
   * of memory will be freed (values being written already count); marks them SPILLING. Values of
   * size 0, and values that could not be written, stay.
   */
  public List<ToSpill> chooseSpill(long bytesToFree) {
    List<ToSpill> out = new ArrayList<>();
    long freed = spillingBytes;
    Iterator<Map.Entry<String, Entry>> it = lru.entrySet().iterator();
    while (freed < bytesToFree && it.hasNext()) {
      Map.Entry<String, Entry> next = it.next();
      Entry e = next.getValue();
      if (e.nbytes == 0 || e.pinned) {
        continue;
      }
      it.remove();
      e.place = Place.SPILLING;
      e.id = ++lastId;
      spillingBytes += e.nbytes;
      freed += e.nbytes;
      out.add(new ToSpill(next.getKey(), e.id, e.value, e.nbytes));
    }
    return out;
  }

  /**
   * Spill file {@code id} of {@code key} was written ({@code diskBytes} long): the value leaves
   * memory. Returns false when the key was dropped (or held anew) meanwhile: the file is then the
   * shell's to delete.
   */
  public boolean spilled(String key, long id, long diskBytes) {
    Entry e = all.get(key);
    if (e == null || e.id != id || e.place != Place.SPILLING) {
      return false;
    }
    e.place = Place.DISK;
    e.value = null;
    e.diskBytes = diskBytes;
    memoryBytes -= e.nbytes;
    spillingBytes -= e.nbytes;
    this.diskBytes += diskBytes;
    diskCount++;
    return true;
  }

  /**
   * Writing spill file {@code id} of {@code key} failed: the value stays in memory, as just used;
   * {@code pin} when it can never be written (it is not chosen again).
   */
  public void spillFailed(String key, long id, boolean pin) {
    Entry e = all.get(key);
    if (e == null || e.id != id || e.place != Place.SPILLING) {
      return;
    }
    e.place = Place.MEMORY;
    e.id = -1;
    e.pinned = pin;
    spillingBytes -= e.nbytes;
    lru.put(key, e);
  }

  /** Number of values held, in memory or on disk. */
  public int count() {
    return all.size();
  }

  /** Estimated bytes of every value held, in memory or on disk. */
  public long bytes() {
    return bytes;
  }

  /** Estimated bytes of the values in memory (dask's "managed" memory), including those being written. */
  public long memoryBytes() {
    return memoryBytes;
  }

  /** Estimated bytes of the values being written to disk now. */
  public long spillingBytes() {
    return spillingBytes;
  }

  /** Bytes the spill files of the values on disk take. */
  public long diskBytes() {
    return diskBytes;
  }

  /** Number of values on disk. */
  public int diskCount() {
    return diskCount;
  }

  /** The keys held, in memory or on disk, sorted. */
  public List<String> sortedKeys() {
    List<String> keys = new ArrayList<>(all.keySet());
    Collections.sort(keys);
    return keys;
  }
}
