package dev.weft.protocol;

/** Event-bus addresses: one inbox per component, so its handling runs in order on its context. */
public final class Addresses {

  /** The scheduler's inbox. */
  public static final String SCHEDULER = "weft.scheduler";

  /**
   * The scheduler's in-JVM inbox (a local consumer, never reachable from another node): for
   * messages only the scheduler's own JVM may send, such as a nanny's {@link WorkerLost}.
   */
  public static final String SCHEDULER_LOCAL = "weft.scheduler.local";

  private static final String WORKER_PREFIX = "weft.worker.";
  private static final String CLIENT_PREFIX = "weft.client.";

  private Addresses() {}

  /** The inbox of the worker named {@code workerId}. */
  public static String worker(String workerId) {
    return WORKER_PREFIX + workerId;
  }

  /** The inbox of the client {@code clientId}. */
  public static String client(String clientId) {
    return CLIENT_PREFIX + clientId;
  }

  /** Where the client {@code clientId} receives the events of the topics it subscribed to. */
  public static String clientEvents(String clientId) {
    return CLIENT_PREFIX + clientId + ".events";
  }
}
