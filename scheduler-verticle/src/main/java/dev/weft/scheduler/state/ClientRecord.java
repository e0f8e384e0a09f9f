package dev.weft.scheduler.state;

/** The scheduler's record of one connected client. Mutated only by {@link SchedulerState}. */
final class ClientRecord {

  /** The client's id, also its inbox suffix. */
  final String id;
  /** The cluster node the client runs on; when that node leaves, the client is removed. */
  final String nodeId;
  /** Time of its last message or heartbeat; a client silent for the client TTL is removed. */
  long lastSeen;
  /** Its weight in the fair share of queued root tasks, as its last hello said; in 1e-6..1e6. */
  double share = 1.0;

  ClientRecord(String id, String nodeId, long now) {
    this.id = id;
    this.nodeId = nodeId;
    this.lastSeen = now;
  }
}
