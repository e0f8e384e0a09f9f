package dev.weft.client;

/**
 * A task was running on {@code allowed-failures + 1} workers that all died while running it;
 * it is probably what kills them, so it is not tried again.
 */
public final class KilledWorkerException extends WeftException {
  /** The failure, with the scheduler's explanation. */
  public KilledWorkerException(String message) {
    super(message);
  }
}
