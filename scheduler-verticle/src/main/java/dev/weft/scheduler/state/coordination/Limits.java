package dev.weft.scheduler.state.coordination;

/** Bounds of the coordination part, so that no client can make it grow without end. */
final class Limits {

  /** Most objects of one kind: semaphores, multi-lock locks, queues, variables, events, datasets, topics. */
  static final int OBJECTS = 100_000;
  /** Most requests waiting at once. */
  static final int PARKED = 100_000;
  /** Events each topic keeps, the oldest dropped first (dask's {@code distributed.admin.low-level-log-length}). */
  static final int EVENTS_KEPT = 1_000;

  private Limits() {}

  /** The error answered when a kind of object is full. */
  static String tooMany(String kind) {
    return "too many " + kind + " (at most " + OBJECTS + ")";
  }
}
