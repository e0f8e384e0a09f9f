package dev.weft.client;

/**
 * The future's task was cancelled: by a client, because data it needs was lost for good
 * ({@code lost-scattered-tasks}), or because the client lost its scheduler
 * ({@code scheduler-connection-lost}), as dask's {@code FutureCancelledError}.
 */
public final class CancelledTaskException extends WeftException {

  /** Why it was cancelled, e.g. "cancelled" (by a client) or "scheduler-connection-lost". */
  private final String reason;

  /** Cancellation of {@code key} for {@code reason}. */
  public CancelledTaskException(String key, String reason) {
    super("task " + key + " was cancelled: " + reason);
    this.reason = reason;
  }

  /** Why it was cancelled (dask's {@code FutureCancelledError.reason}). */
  public String reason() {
    return reason;
  }
}
