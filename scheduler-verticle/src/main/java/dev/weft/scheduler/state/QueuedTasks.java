package dev.weft.scheduler.state;

import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The root tasks queued on the scheduler (exactly the QUEUED ones), in the order workers get them.
 *
 * <p>With fair share on, each client that submitted queued tasks has a lane of its own, ordered by
 * priority, and the next task comes from the lane that has had the fewest slots for its share —
 * stride scheduling: a lane's pass grows by {@code 1 / share} for every task handed out, the lane
 * with the lowest pass goes next (the older lane on a tie), and a lane that appears starts at the
 * pass of the last task handed out, so a client that had nothing queued banks no credit. A client
 * that submits later thus gets its slice of the threads at once instead of waiting behind an
 * earlier client's whole queue (dask/distributed#4610). With fair share off there is one lane:
 * dask's global priority order.
 */
final class QueuedTasks implements Iterable<TaskState> {

  private static final Comparator<TaskState> BY_PRIORITY =
      Comparator.comparing((TaskState t) -> t.priority).thenComparing(t -> t.key);
  /** The one lane's name with fair share off, and the lane of tasks without an owner. */
  private static final String SHARED = "";

  /** One client's queued tasks. */
  private static final class Lane {
    /** Its queued tasks in priority order; never empty while the lane is in {@link #lanes}. */
    final TreeSet<TaskState> tasks = new TreeSet<>(BY_PRIORITY);
    /** Slots handed out, each counted {@code 1 / share}, from the clock when the lane appeared. */
    double pass;

    Lane(double pass) {
      this.pass = pass;
    }
  }

  /** Whether each client has a lane (else one lane for all). */
  private final boolean fair;
  /** A client's share, as its hello said (1 for a client not connected). */
  private final ToDoubleFunction<String> shareOf;
  /** The non-empty lanes by client, in the order they appeared. */
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  /** The pass of the lane the last task was handed out from; never decreases. */
  private double clock;
  /** Tasks in all lanes. */
  private int size;

  QueuedTasks(boolean fair, ToDoubleFunction<String> shareOf) {
    this.fair = fair;
    this.shareOf = shareOf;
  }

  /** Queues {@code ts} in its client's lane. */
  void add(TaskState ts) {
    if (lanes.computeIfAbsent(laneOf(ts), c -> new Lane(clock)).tasks.add(ts)) {
      size++;
    }
  }

  /** Removes {@code ts} without handing it out (released or cancelled while queued). */
  void remove(TaskState ts) {
    removeFrom(laneOf(ts), ts);
  }

  /** Removes {@code ts}, handed to a worker: its lane's pass grows by {@code 1 / share}. */
  void take(TaskState ts) {
    String name = laneOf(ts);
    Lane lane = lanes.get(name);
    if (lane != null && lane.tasks.contains(ts)) {
      clock = Math.max(clock, lane.pass);
      lane.pass += 1 / shareOf.applyAsDouble(name);
      removeFrom(name, ts);
    }
  }

  /** The task to hand out next: the first of the lane with the lowest pass. */
  TaskState first() {
    Lane next = null;
    for (Lane lane : lanes.values()) {
      if (next == null || lane.pass < next.pass) {
        next = lane;
      }
    }
    if (next == null) {
      throw new NoSuchElementException("no task is queued");
    }
    return next.tasks.first();
  }

  boolean contains(TaskState ts) {
    Lane lane = lanes.get(laneOf(ts));
    return lane != null && lane.tasks.contains(ts);
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** Every queued task, lane by lane (in the order the lanes appeared), each lane in priority order. */
  @Override
  public Iterator<TaskState> iterator() {
    return lanes.values().stream().flatMap(lane -> lane.tasks.stream()).iterator();
  }

  private String laneOf(TaskState ts) {
    return fair && ts.owner != null ? ts.owner : SHARED;
  }

  private void removeFrom(String name, TaskState ts) {
    Lane lane = lanes.get(name);
    if (lane != null && lane.tasks.remove(ts)) {
      size--;
      if (lane.tasks.isEmpty()) {
        lanes.remove(name);
      }
    }
  }
}
