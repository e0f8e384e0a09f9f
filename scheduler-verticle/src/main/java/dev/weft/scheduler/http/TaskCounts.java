package dev.weft.scheduler.http;

import dev.weft.scheduler.state.PrefixView;
import dev.weft.scheduler.state.SchedulerState;
import dev.weft.scheduler.state.TaskStatus;
import java.util.List;
import java.util.Map;

/**
 * Tasks counted by state, overall and per function name; copies taken on the scheduler's context.
 *
 * @param byState tasks per state
 * @param prefixes tasks per function name and state
 */
record TaskCounts(Map<TaskStatus, Long> byState, List<PrefixView> prefixes) {

  /** The counts of {@code state} now. */
  static TaskCounts of(SchedulerState state) {
    return new TaskCounts(state.countsByStatus(), state.prefixViews());
  }
}
