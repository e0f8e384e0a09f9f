package dev.weft.client;

/** The future's task was cancelled (by a client, or because data it needs was lost for good). */
public final class CancelledTaskException extends WeftException {
  /** Cancellation of {@code key} for {@code reason}. */
  public CancelledTaskException(String key, String reason) {
    super("task " + key + " was cancelled: " + reason);
  }
}
