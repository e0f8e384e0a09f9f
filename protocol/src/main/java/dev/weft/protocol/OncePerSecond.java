package dev.weft.protocol;

/**
 * A gate that opens at most once a second: for log lines that a flood of failures must not turn
 * into a flood of lines. Confined to one thread.
 */
public final class OncePerSecond {

  private static final long SECOND_NANOS = 1_000_000_000L;

  /** When the gate last opened (nanoTime); starts a second in the past so the first call opens it. */
  private long lastNanos = System.nanoTime() - SECOND_NANOS;

  /** True at most once a second. */
  public boolean due() {
    long now = System.nanoTime();
    if (now - lastNanos < SECOND_NANOS) {
      return false;
    }
    lastNanos = now;
    return true;
  }
}
