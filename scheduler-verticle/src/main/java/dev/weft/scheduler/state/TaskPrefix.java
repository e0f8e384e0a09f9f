package dev.weft.scheduler.state;

/** Tasks of one function name counted by state (dask's {@code TaskPrefix}). Mutated only by {@link SchedulerState}. */
final class TaskPrefix {

  /** The function's display name, shared by all its tasks. */
  final String name;
  /** Tasks of this name per {@link TaskStatus} ordinal; FORGOTTEN only grows, the others are current. */
  final long[] counts = new long[TaskStatus.values().length];

  TaskPrefix(String name) {
    this.name = name;
  }

  /** Tasks of this name the scheduler holds now (every state but FORGOTTEN). */
  long active() {
    long n = 0;
    for (int s = 0; s < counts.length; s++) {
      n += counts[s];
    }
    return n - counts[TaskStatus.FORGOTTEN.ordinal()];
  }
}
