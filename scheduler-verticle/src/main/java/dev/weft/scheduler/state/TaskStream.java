package dev.weft.scheduler.state;

import dev.weft.protocol.TaskRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most recent task executions, for the dashboard's task stream and
 * {@code client.getTaskStream(since)}: a fixed-size ring, each run placed on one of its worker's
 * thread lanes. Pure data, kept by {@link SchedulerState}.
 */
public final class TaskStream {

  /** The last {@code ring.length} runs; slot {@code (seq - 1) % ring.length} holds run number seq. */
  private final TaskRun[] ring;
  /** Runs recorded since start; the newest has this sequence number. */
  private long recorded;
  /** Per worker, the stop time of the last run drawn on each of its lanes. */
  private final Map<String, long[]> laneBusyUntil = new HashMap<>();

  /** A stream keeping the last {@code capacity} runs. */
  public TaskStream(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.ring = new TaskRun[capacity];
  }

  /** Records one execution on {@code worker}, which has {@code nthreads} threads. */
  public void add(String key, String prefix, String worker, int nthreads, long startMillis, long stopMillis, boolean ok) {
    long[] lanes = laneBusyUntil.get(worker);
    if (lanes == null || lanes.length != Math.max(1, nthreads)) {
      lanes = new long[Math.max(1, nthreads)];
      laneBusyUntil.put(worker, lanes);
    }
    int lane = pickLane(lanes, startMillis);
    lanes[lane] = Math.max(lanes[lane], stopMillis);
    ring[(int) (recorded % ring.length)] = new TaskRun(key, prefix, worker, lane, startMillis, stopMillis, ok);
    recorded++;
  }

  /** The free lane that became free last (keeps lanes tightly packed), else the one free soonest. */
  private static int pickLane(long[] lanes, long start) {
    int best = -1;
    int soonest = 0;
    for (int i = 0; i < lanes.length; i++) {
      if (lanes[i] <= start && (best < 0 || lanes[i] > lanes[best])) {
        best = i;
      }
      if (lanes[i] < lanes[soonest]) {
        soonest = i;
      }
    }
    return best >= 0 ? best : soonest;
  }

  /** Forgets a departed worker's lanes. */
  public void removeWorker(String worker) {
    laneBusyUntil.remove(worker);
  }

  /** Runs recorded since start; use as a cursor for {@link #after}. */
  public long recorded() {
    return recorded;
  }

  /**
   * Runs kept that were recorded after cursor {@code seq}, oldest first; when there are more
   * than {@code max}, an even sample of {@code max} of them (every k-th), so a busy stream
   * still covers the whole interval.
   */
  public List<TaskRun> after(long seq, int max) {
    long from = Math.max(seq, recorded - ring.length);
    long count = recorded - from;
    if (count <= 0 || max <= 0) {
      return List.of();
    }
    long stride = Math.max(1, (count + max - 1) / max);
    List<TaskRun> out = new ArrayList<>((int) Math.min(count, max));
    for (long s = from + (count - 1) % stride; s < recorded; s += stride) {
      out.add(ring[(int) (s % ring.length)]);
    }
    return out;
  }

  /** Runs kept that stopped at or after {@code sinceMillis}, oldest first; an even sample when more than {@code max}. */
  public List<TaskRun> since(long sinceMillis, int max) {
    List<TaskRun> matching = new ArrayList<>();
    for (long s = Math.max(0, recorded - ring.length); s < recorded; s++) {
      TaskRun r = ring[(int) (s % ring.length)];
      if (r.stopMillis() >= sinceMillis) {
        matching.add(r);
      }
    }
    if (matching.size() <= max) {
      return matching;
    }
    int stride = (matching.size() + max - 1) / max;
    List<TaskRun> out = new ArrayList<>(max);
    for (int i = (matching.size() - 1) % stride; i < matching.size(); i += stride) {
      out.add(matching.get(i));
    }
    return out;
  }
}
