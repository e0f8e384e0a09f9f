package dev.weft.scheduler.http;

import dev.weft.protocol.TaskRun;
import dev.weft.scheduler.state.SchedulerState;
import dev.weft.scheduler.state.WorkerView;
import java.util.List;

/**
 * Copies of what one dashboard update shows, taken on the scheduler's context.
 *
 * @param workers the workers
 * @param counts tasks by state and function name
 * @param tasks tasks the scheduler holds
 * @param runs task runs recorded after the cursor the update was taken from (possibly sampled)
 * @param cursor the task stream's cursor after {@code runs}
 * @param steals tasks moved by work stealing since start
 */
record Snapshot(List<WorkerView> workers, TaskCounts counts, int tasks, List<TaskRun> runs, long cursor, long steals) {

  /** Copies the views of {@code state} and its runs recorded after {@code cursor} (now, when negative). */
  static Snapshot take(SchedulerState state, long cursor, int maxRuns) {
    long recorded = state.taskStream().recorded();
    return new Snapshot(state.workerViews(), TaskCounts.of(state), state.taskCount(),
        state.taskStream().after(cursor < 0 ? recorded : cursor, maxRuns), recorded, state.steals());
  }
}
