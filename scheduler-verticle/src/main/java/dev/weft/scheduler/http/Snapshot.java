package dev.weft.scheduler.http;

import dev.weft.protocol.TaskRun;
import dev.weft.scheduler.state.PrefixView;
import dev.weft.scheduler.state.SchedulerState;
import dev.weft.scheduler.state.TaskStatus;
import dev.weft.scheduler.state.WorkerView;
import java.util.List;
import java.util.Map;

/**
 * Copies of what one dashboard update shows, taken on the scheduler's context.
 *
 * @param workers the workers
 * @param counts tasks per state
 * @param prefixes tasks per function name and state
 * @param tasks tasks the scheduler holds
 * @param runs task runs since the previous update (possibly sampled)
 * @param cursor the task stream's cursor after {@code runs}
 */
record Snapshot(
    List<WorkerView> workers, Map<TaskStatus, Long> counts, List<PrefixView> prefixes, int tasks,
    List<TaskRun> runs, long cursor) {

  /** Copies the views of {@code state} and the runs recorded in {@code stream} after {@code cursor}. */
  static Snapshot take(SchedulerState state, TaskStream stream, long cursor, int maxRuns) {
    return new Snapshot(state.workerViews(), state.countsByStatus(), state.prefixViews(), state.taskCount(),
        stream.after(cursor, maxRuns), stream.recorded());
  }
}
