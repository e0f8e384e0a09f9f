package dev.weft.client;

import java.time.Duration;

/**
 * A bounded wait ran out (dask's {@code TimeoutError}): {@code result(Duration)} before the task was
 * done, {@code waitFor} with a timeout, or {@code waitForWorkers} before enough workers arrived.
 * Unchecked, and a {@link WeftException}.
 */
public final class WeftTimeoutException extends WeftException {
  /** A timeout waiting for {@code key}. */
  public WeftTimeoutException(String key, Duration waited) {
    super("task " + key + " not done after " + waited.toMillis() + " ms");
  }

  /** A timeout saying what was waited for, and how long, in {@code message}. */
  public WeftTimeoutException(String message) {
    super(message);
  }
}
