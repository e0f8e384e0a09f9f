package dev.weft.client;

import java.time.Duration;

/** A bounded wait ({@code result(Duration)}) ran out before the task was done. */
public final class WeftTimeoutException extends WeftException {
  /** A timeout waiting for {@code key}. */
  public WeftTimeoutException(String key, Duration waited) {
    super("task " + key + " not done after " + waited.toMillis() + " ms");
  }
}
