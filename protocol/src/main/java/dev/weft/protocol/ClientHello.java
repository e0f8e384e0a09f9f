package dev.weft.protocol;

/**
 * A client announces itself; the scheduler then tracks what it wants. {@code nodeId} is the
 * client's cluster node: when that node leaves the cluster, the client's wants are released.
 * {@code share} is the client's weight in the scheduler's fair share of queued root tasks (1 for
 * an equal share; a client with 2 gets twice the slots of a client with 1 while both have tasks
 * queued). Saying hello again changes the share.
 */
public record ClientHello(String clientId, String nodeId, double share) implements ToScheduler {

  /** The largest share a client may ask for (and 1 / this the smallest). */
  public static final double MAX_SHARE = 1e6;

  /** A hello with an equal share. */
  public ClientHello(String clientId, String nodeId) {
    this(clientId, nodeId, 1.0);
  }
}
