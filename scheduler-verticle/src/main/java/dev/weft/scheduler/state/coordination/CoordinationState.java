package dev.weft.scheduler.state.coordination;

import dev.weft.protocol.Coordination;
import dev.weft.protocol.DatasetRequest;
import dev.weft.protocol.EventRequest;
import dev.weft.protocol.MultiLockRequest;
import dev.weft.protocol.Payload;
import dev.weft.protocol.QueueRequest;
import dev.weft.protocol.SemaphoreRequest;
import dev.weft.protocol.Taken;
import dev.weft.protocol.TopicRequest;
import dev.weft.protocol.VariableRequest;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's coordination part, as pure state in dask's semantics: semaphores and locks,
 * multi-locks, queues, variables, events, published datasets and event topics. Requests come in
 * with an id; a request that must wait is parked and answered later (on a later request, on a tick
 * when it times out), never blocking; a client's waiting requests are dropped when it goes, and
 * its leases expire. No Vert.x, no clock (time comes from the {@link CoordinationHost}), no threads.
 */
public final class CoordinationState {

  /** The scheduler's own topic of every worker joining and leaving (dask's {@code "all"}). */
  public static final String ALL = "all";
  /** The scheduler's topic of tasks moved by work stealing (dask's {@code "stealing"}). */
  public static final String STEALING = "stealing";
  /** The scheduler's topic of workers restarted for memory (dask's {@code "worker-restart-memory"}). */
  public static final String MEMORY_RESTARTS = "worker-restart-memory";

  private final Parking parking;
  private final Holds holds;
  private final Semaphores semaphores;
  private final MultiLocks multiLocks;
  private final Queues queues;
  private final Variables variables;
  private final Events events;
  private final Datasets datasets;
  private final Topics topics;

  /** A coordination part with no objects, answering through {@code host}. */
  public CoordinationState(CoordinationHost host) {
    this.parking = new Parking(host);
    this.holds = new Holds(host);
    this.semaphores = new Semaphores(host, parking);
    this.multiLocks = new MultiLocks(host, parking);
    this.queues = new Queues(host, parking, holds);
    this.variables = new Variables(host, parking, holds);
    this.events = new Events(host, parking);
    this.datasets = new Datasets(host, holds);
    this.topics = new Topics(host);
  }

  /** Handles request {@code requestId}; its answer comes now or later through the host. */
  public void handle(Coordination request, long requestId) {
    if (request instanceof SemaphoreRequest r) {
      semaphores.handle(r, requestId);
    } else if (request instanceof MultiLockRequest r) {
      multiLocks.handle(r, requestId);
    } else if (request instanceof QueueRequest r) {
      queues.handle(r, requestId);
    } else if (request instanceof VariableRequest r) {
      variables.handle(r, requestId);
    } else if (request instanceof EventRequest r) {
      events.handle(r, requestId);
    } else if (request instanceof DatasetRequest r) {
      datasets.handle(r, requestId);
    } else if (request instanceof TopicRequest r) {
      topics.handle(r, requestId);
    } else if (request instanceof Taken t) {
      t.keys().forEach(key -> holds.release(Holds.handover(t.clientId()), key));
    }
  }

  /** Clock-driven: waits past their deadline are answered "not yet", leases of silent clients expire. */
  public void tick() {
    parking.expire();
    semaphores.expireSilent();
    multiLocks.expireSilent();
  }

  /**
   * Client {@code clientId} is gone: its waiting requests are forgotten, its leases and multi-locks
   * released, its subscriptions ended, and futures handed to it but not taken let go.
   */
  public void clientGone(String clientId) {
    parking.clientGone(clientId);
    semaphores.clientGone(clientId);
    multiLocks.clientGone(clientId);
    topics.clientGone(clientId);
    holds.releaseAll(Holds.handover(clientId));
  }

  /** Logs the scheduler's own event {@code message} (dask's dict of "action" and more) under each of {@code topicNames}. */
  public void schedulerEvent(Map<String, Object> message, String... topicNames) {
    topics.log(Payload.of(message), topicNames);
  }

  /** True when no client may have id {@code clientId}: it names a holder of tasks (a queue's, datasets'). */
  public static boolean reservedClientId(String clientId) {
    return Holds.reserved(clientId);
  }

  /** Every semaphore (locks included), by name. */
  public List<SemaphoreView> semaphores() {
    return semaphores.views();
  }

  /** Items in each queue, by name. */
  public Map<String, Integer> queueLengths() {
    return queues.lengths();
  }

  /** Requests waiting now. */
  public int waiting() {
    return parking.size();
  }
}
