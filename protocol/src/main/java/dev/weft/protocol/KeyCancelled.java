package dev.weft.protocol;

/** A wanted key was cancelled (by a client, or because its data was lost with no recipe). */
public record KeyCancelled(String key, String reason) implements ToClient {

  /** Reason of a key a client cancelled. */
  public static final String CANCELLED = "cancelled";
  /** Reason of every future of a client whose scheduler left (dask's {@code FutureCancelledError.reason}). */
  public static final String SCHEDULER_CONNECTION_LOST = "scheduler-connection-lost";
  /** Reason of a scattered key whose last holding worker left (dask's). */
  public static final String LOST_SCATTERED_TASKS = "lost-scattered-tasks";
  /** Reason of every future of every client when one of them restarted the cluster (dask's). */
  public static final String SCHEDULER_RESTART = "scheduler-restart";
}
