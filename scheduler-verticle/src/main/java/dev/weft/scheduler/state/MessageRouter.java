package dev.weft.scheduler.state;

import dev.weft.protocol.AddKeys;
import dev.weft.protocol.CancelKeys;
import dev.weft.protocol.ClientGoodbye;
import dev.weft.protocol.ClientHeartbeat;
import dev.weft.protocol.ClientHello;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.LongRunning;
import dev.weft.protocol.MissingData;
import dev.weft.protocol.Query;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.ReleaseKeys;
import dev.weft.protocol.RestartCluster;
import dev.weft.protocol.RetryKeys;
import dev.weft.protocol.ScatterData;
import dev.weft.protocol.StealResponse;
import dev.weft.protocol.TaskErred;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.UpdateGraph;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.WorkerGoodbye;
import dev.weft.protocol.WorkerStatusChange;
import java.util.function.Consumer;

/** Hands each admitted message to the part of the scheduler's state that takes it. */
final class MessageRouter {

  private final Tables tables;
  private final ClientStimuli fromClients;
  private final WorkerStimuli fromWorkers;
  private final Restarts restarts;
  /** Removes a client that said goodbye (its wants, leases, waits and subscriptions). */
  private final Consumer<String> removeClient;

  MessageRouter(Tables tables, ClientStimuli fromClients, WorkerStimuli fromWorkers, Restarts restarts,
      Consumer<String> removeClient) {
    this.tables = tables;
    this.fromClients = fromClients;
    this.fromWorkers = fromWorkers;
    this.restarts = restarts;
    this.removeClient = removeClient;
  }

  void dispatch(ToScheduler message) {
    if (message instanceof UpdateGraph m) {
      fromClients.updateGraph(m);
    } else if (message instanceof TaskFinished m) {
      fromWorkers.taskFinished(m);
    } else if (message instanceof TaskErred m) {
      fromWorkers.taskErred(m);
    } else if (message instanceof ReleaseKeys m) {
      fromClients.release(m);
    } else if (message instanceof CancelKeys m) {
      fromClients.cancel(m);
    } else if (message instanceof ScatterData m) {
      fromClients.scatter(m);
    } else if (message instanceof AddKeys m) {
      fromWorkers.addKeys(m);
    } else if (message instanceof MissingData m) {
      fromWorkers.missingData(m);
    } else if (message instanceof Heartbeat m) {
      fromWorkers.heartbeat(m);
    } else if (message instanceof UploadJar m) {
      fromClients.uploadJar(m);
    } else if (message instanceof LongRunning m) {
      fromWorkers.longRunning(m);
    } else if (message instanceof StealResponse m) {
      fromWorkers.stealAnswered(m);
    } else if (message instanceof WorkerStatusChange m) {
      fromWorkers.statusChanged(m);
    } else if (message instanceof RegisterWorker m) {
      fromWorkers.addWorker(m);
    } else if (message instanceof WorkerGoodbye m) {
      WorkerRecord ws = tables.workers.get(m.workerId());
      if (ws != null) {
        fromWorkers.removeWorker(ws, false);
      }
    } else if (message instanceof ClientHello m) {
      fromClients.hello(m);
    } else if (message instanceof RetryKeys m) {
      fromClients.retry(m);
    } else if (message instanceof RestartCluster m) {
      restarts.restart(m);
    } else if (message instanceof ClientGoodbye m) {
      removeClient.accept(m.clientId());
    } else if (!(message instanceof Query) && !(message instanceof ClientHeartbeat)) {
      throw new IllegalArgumentException("unhandled message " + message.getClass().getName());
    }
  }
}
