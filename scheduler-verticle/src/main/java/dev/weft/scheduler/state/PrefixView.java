package dev.weft.scheduler.state;

import java.util.Map;

/**
 * Tasks of one function name by state, for progress bars. FORGOTTEN counts tasks finished and
 * already released; the other states count tasks now in them.
 *
 * @param name the function's display name
 * @param counts tasks per state, every state present
 */
public record PrefixView(String name, Map<TaskStatus, Long> counts) {

  /** Tasks of this name ever seen (the sum over all states). */
  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Tasks done: in memory, erred or already forgotten. */
  public long done() {
    return counts.get(TaskStatus.MEMORY) + counts.get(TaskStatus.ERRED) + counts.get(TaskStatus.FORGOTTEN);
  }
}
