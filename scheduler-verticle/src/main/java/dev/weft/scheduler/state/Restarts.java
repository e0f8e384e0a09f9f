package dev.weft.scheduler.state;

import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.RestartCluster;
import dev.weft.protocol.RestartWorker;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

/**
 * dask's {@code Scheduler.restart}, asked by any connected client: every client (and every holder:
 * datasets, queues, variables, fire-and-forget) stops wanting every key, each connected client
 * being told its keys are cancelled with reason {@link KeyCancelled#SCHEDULER_RESTART}; then every
 * worker is told to restart and removed at once, as a worker that left (nothing is recomputed:
 * nothing is wanted any more). The workers register again as they come back.
 */
final class Restarts {

  private final Tables tables;
  private final Outbox out;
  private final Wants wants;
  private final WorkerStimuli workers;

  Restarts(Tables tables, Outbox out, Wants wants, WorkerStimuli workers) {
    this.tables = tables;
    this.out = out;
    this.wants = wants;
    this.workers = workers;
  }

  void restart(RestartCluster m) {
    for (Map.Entry<String, Set<TaskState>> e : new ArrayList<>(tables.clients.entrySet())) {
      String clientId = e.getKey();
      for (TaskState ts : new ArrayList<>(e.getValue())) {
        out.toClient(clientId, new KeyCancelled(ts.key, KeyCancelled.SCHEDULER_RESTART));
        wants.remove(clientId, ts);
      }
    }
    for (WorkerRecord ws : new ArrayList<>(tables.workers.values())) {
      out.toWorker(ws, new RestartWorker(ws.id));
      workers.removeWorker(ws, false, "restarted by client " + m.clientId());
    }
  }
}
