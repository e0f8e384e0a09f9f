package dev.weft.scheduler.state;

import dev.weft.protocol.AddKeys;
import dev.weft.protocol.CancelKeys;
import dev.weft.protocol.RestartCluster;
import dev.weft.protocol.RetryKeys;
import dev.weft.protocol.ClientGoodbye;
import dev.weft.protocol.ClientHeartbeat;
import dev.weft.protocol.ClientHello;
import dev.weft.protocol.Coordination;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.LongRunning;
import dev.weft.protocol.MissingData;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.ReleaseKeys;
import dev.weft.protocol.RetireWorkers;
import dev.weft.protocol.ScatterData;
import dev.weft.protocol.TaskErred;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.UpdateGraph;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.StealResponse;
import dev.weft.protocol.Broadcast;
import dev.weft.protocol.WorkerGoodbye;
import dev.weft.protocol.WorkerLost;
import dev.weft.protocol.WorkerStatusChange;
import dev.weft.scheduler.state.coordination.CoordinationState;
import java.util.Map;

/**
 * Who may send what: a worker's messages only from the node it registered from, a client's only
 * from its node after its hello, a worker name or client id only once per node (and no client id
 * that names a pseudo-client), and {@link WorkerLost} and {@link RetireWorkers} never over the bus. Reads the scheduler's tables, changes nothing.
 */
final class Admission {

  private Admission() {}

  /**
   * Refuses {@code m}, sent from node {@code sender}, with a {@link RejectedMessageException} when
   * a rule forbids it; returns normally when it may be applied.
   */
  static void check(ToScheduler m, String sender, Map<String, WorkerRecord> workers, Map<String, ClientRecord> clients) {
    if (m instanceof RegisterWorker r) {
      sameNode("RegisterWorker", "", r.nodeId(), sender);
      WorkerRecord taken = workers.get(r.workerId());
      if (taken != null && !taken.nodeId.equals(r.nodeId())) {
        throw new RejectedMessageException("name-taken", "name taken: a worker named " + r.workerId()
            + " is registered from another node");
      }
    } else if (m instanceof ClientHello h) {
      sameNode("ClientHello", "", h.nodeId(), sender);
      ClientRecord taken = clients.get(h.clientId());
      if (taken != null && !taken.nodeId.equals(h.nodeId())) {
        throw new RejectedMessageException("name-taken", "client id " + h.clientId() + " is taken by another node");
      }
      if (h.clientId().equals(UpdateGraph.FIRE_AND_FORGET) || CoordinationState.reservedClientId(h.clientId())) {
        throw new RejectedMessageException("name-taken", "client id " + h.clientId() + " names a holder of tasks");
      }
    } else if (m instanceof WorkerLost w) {
      throw new RejectedMessageException("scheduler-only",
          "WorkerLost for " + w.workerId() + " is accepted only from the scheduler's own JVM");
    } else if (m instanceof RetireWorkers r) {
      throw new RejectedMessageException("scheduler-only",
          "RetireWorkers for " + r.workerIds() + " is accepted only from the scheduler's own JVM");
    } else if (m instanceof UpdateGraph u) {
      if (!u.clientId().equals(UpdateGraph.FIRE_AND_FORGET)) {
        client(u.clientId(), sender, clients);
      } else if (!u.tasks().isEmpty() || !hostsClient(sender, clients)) {
        throw new RejectedMessageException("unknown-client",
            "fire-and-forget marks keys only, and only from a node with a connected client");
      }
    } else if (m instanceof UploadJar j) {
      if (!hostsClient(sender, clients)) {
        throw new RejectedMessageException("unknown-client", "jar " + j.name() + " not from a node with a connected client");
      }
    } else {
      String worker = workerOf(m);
      String client = clientOf(m);
      if (worker != null) {
        worker(worker, sender, workers);
      } else if (client != null) {
        client(client, sender, clients);
      }
    }
  }

  /** The worker a worker-only message speaks for; null for other messages. */
  private static String workerOf(ToScheduler m) {
    if (m instanceof TaskFinished t) {
      return t.workerId();
    } else if (m instanceof TaskErred t) {
      return t.workerId();
    } else if (m instanceof AddKeys a) {
      return a.workerId();
    } else if (m instanceof MissingData d) {
      return d.workerId();
    } else if (m instanceof Heartbeat h) {
      return h.workerId();
    } else if (m instanceof LongRunning l) {
      return l.workerId();
    } else if (m instanceof WorkerGoodbye g) {
      return g.workerId();
    } else if (m instanceof StealResponse r) {
      return r.workerId();
    } else if (m instanceof WorkerStatusChange c) {
      return c.workerId();
    }
    return null;
  }

  /** The client a client-only message speaks for; null for other messages (queries, jars). */
  static String clientOf(ToScheduler m) {
    if (m instanceof ReleaseKeys r) {
      return r.clientId();
    } else if (m instanceof CancelKeys c) {
      return c.clientId();
    } else if (m instanceof RetryKeys r) {
      return r.clientId();
    } else if (m instanceof RestartCluster r) {
      return r.clientId();
    } else if (m instanceof ScatterData s) {
      return s.clientId();
    } else if (m instanceof ClientGoodbye g) {
      return g.clientId();
    } else if (m instanceof ClientHeartbeat h) {
      return h.clientId();
    } else if (m instanceof Broadcast b) {
      return b.clientId();
    } else if (m instanceof Coordination c) {
      return c.clientId();
    }
    return null;
  }

  /** True when a connected client runs on node {@code sender}. */
  private static boolean hostsClient(String sender, Map<String, ClientRecord> clients) {
    for (ClientRecord c : clients.values()) {
      if (c.nodeId.equals(sender)) {
        return true;
      }
    }
    return false;
  }

  private static void worker(String id, String sender, Map<String, WorkerRecord> workers) {
    WorkerRecord ws = workers.get(id);
    if (ws == null) {
      throw new RejectedMessageException("unknown-worker", "unknown worker " + id);
    }
    sameNode("worker", id, ws.nodeId, sender);
  }

  private static void client(String id, String sender, Map<String, ClientRecord> clients) {
    ClientRecord c = clients.get(id);
    if (c == null) {
      throw new RejectedMessageException("unknown-client", "unknown client " + id);
    }
    sameNode("client", id, c.nodeId, sender);
  }

  /** Refuses a message of {@code kind} (about {@code id}, if not empty) that speaks for node {@code nodeId} but came from {@code sender}. */
  private static void sameNode(String kind, String id, String nodeId, String sender) {
    if (!nodeId.equals(sender)) {
      String who = id.isEmpty() ? kind : kind + " " + id;
      throw new RejectedMessageException("wrong-node", who + " belongs to node " + nodeId + ", not to the sender " + sender);
    }
  }
}
