package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.TaskStatus.PROCESSING;

import dev.weft.protocol.StealRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paused workers (dask's {@code handle_worker_status_change}). A worker pauses when its memory
 * passes its pause threshold or it cannot write spill files, and says so at once
 * ({@code WorkerStatusChange}); every heartbeat repeats its status, so a lost message is corrected
 * at the next beat. A paused worker leaves the running set: placement, queuing and stealing send
 * it nothing new, and the tasks it has been sent are offered to running workers by steal requests
 * (it gives up only those it has not started; {@link Stealing} carries the answer out). With no
 * running worker they stay, and are offered again when a worker resumes or joins. A worker that
 * resumes takes work again: tasks without a worker are placed anew and queued root tasks flow to
 * it as the stimulus ends.
 */
final class Pausing {

  private final Tables tables;
  private final Outbox out;
  private final Stealing stealing;
  private final SchedulerConfig config;

  Pausing(SchedulerConfig config, Tables tables, Outbox out, Stealing stealing) {
    this.config = config;
    this.tables = tables;
    this.out = out;
    this.stealing = stealing;
  }

  /**
   * {@code ws} reports itself paused (for {@code reason}) or running; nothing moves when that is
   * already its status (a paused worker's reason is refreshed).
   */
  void statusReported(WorkerRecord ws, boolean paused, String reason) {
    if (ws.paused == paused) {
      if (paused && !reason.isEmpty()) {
        ws.pauseReason = reason;
      }
      return;
    }
    ws.paused = paused;
    ws.pauseReason = paused ? (reason.isEmpty() ? "paused" : reason) : "";
    if (paused) {
      offerTasksOf(ws);
    } else {
      workerRuns();
    }
  }

  /**
   * A worker began to run (it joined or resumed): tasks without a worker try again, and the
   * unstarted tasks of paused and retiring workers are offered to the running ones. Queued root tasks follow
   * when the stimulus drains the queue.
   */
  void workerRuns() {
    for (TaskState ts : new ArrayList<>(tables.unrunnable)) {
      // Not over a pending recommendation: removing an old incarnation may have lost its inputs.
      if (!out.engine.isRecommended(ts)) {
        out.recommend(ts, PROCESSING);
      }
    }
    for (WorkerRecord ws : tables.workers.values()) {
      if (!ws.running()) {
        offerTasksOf(ws);
      }
    }
  }

  /**
   * Asks the paused (or retiring) {@code victim} to give up each task it has been sent (unless seceded or asked
   * already) for the running worker that may take it with the fewest tasks waiting, then the
   * cheapest inputs to move; noted in each task's story. No running worker: nothing is asked.
   */
  void offerTasksOf(WorkerRecord victim) {
    Map<WorkerRecord, Integer> waiting = new LinkedHashMap<>();
    for (WorkerRecord ws : tables.workers.values()) {
      if (ws.running()) {
        waiting.put(ws, stealing.waiting(ws));
      }
    }
    if (waiting.isEmpty()) {
      return;
    }
    List<TaskState> tasks = new ArrayList<>(victim.processing);
    tasks.sort(Comparator.comparing((TaskState ts) -> ts.priority));
    for (TaskState ts : tasks) {
      if (ts.longRunning || stealing.pending(ts.key)) {
        continue;
      }
      WorkerRecord thief = thief(ts, waiting);
      if (thief != null) {
        stealing.request(victim, thief, ts);
        waiting.merge(thief, 1, Integer::sum);
        out.toWorker(victim, new StealRequest(ts.key));
        out.engine.note(ts.key, PROCESSING, PROCESSING, "steal-request " + victim.id + "->" + thief.id + " (paused)");
      }
    }
  }

  private WorkerRecord thief(TaskState ts, Map<WorkerRecord, Integer> waiting) {
    long input = ts.inputBytes();
    WorkerRecord best = null;
    int bestWaiting = Integer.MAX_VALUE;
    double bestMillis = Double.MAX_VALUE;
    for (Map.Entry<WorkerRecord, Integer> e : waiting.entrySet()) {
      WorkerRecord ws = e.getKey();
      if (!Stealing.mayTake(ts, ws, input)) {
        continue;
      }
      double millis = Stealing.transferMillis(ts, ws, config.bandwidthBytesPerSecond());
      if (e.getValue() < bestWaiting || e.getValue() == bestWaiting && millis < bestMillis) {
        best = ws;
        bestWaiting = e.getValue();
        bestMillis = millis;
      }
    }
    return best;
  }
}
