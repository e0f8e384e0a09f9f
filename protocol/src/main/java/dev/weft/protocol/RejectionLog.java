package dev.weft.protocol;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the messages a component refuses and logs them without flooding: at most one line per
 * second per kind of refusal, carrying how many were refused since the previous line, and never a
 * stack trace. Confined to the component's event-loop thread; {@link #total()} may be read from
 * any thread.
 */
public final class RejectionLog {

  /** Longest detail logged: what a refused message says of itself is cut here. */
  private static final int MAX_DETAIL = 300;
  /** Shortest time between two log lines of one kind. */
  private static final long QUIET_NANOS = 1_000_000_000L;

  private final Logger log;
  /** Who refuses, as the log lines name it ("scheduler", "worker w1"). */
  private final String component;
  /** Per kind: refusals not yet logged, and when its last line was written (nanoTime). */
  private final Map<String, long[]> kinds = new HashMap<>();
  /** Refusals since start; only grows. */
  private volatile long total;

  /** A log for {@code component}, writing to {@code log}. */
  public RejectionLog(Logger log, String component) {
    this.log = log;
    this.component = component;
  }

  /** Counts one refusal of kind {@code kind} (e.g. "malformed"), described by {@code detail}. */
  public void reject(String kind, String detail) {
    total++;
    long now = System.nanoTime();
    long[] k = kinds.computeIfAbsent(kind, x -> new long[] {0, now - QUIET_NANOS});
    k[0]++;
    if (now - k[1] >= QUIET_NANOS) {
      log.log(Level.WARNING, component + " rejected " + k[0] + " " + printable(kind) + " message" + (k[0] == 1 ? "" : "s")
          + " (" + total + " in all), latest: " + printable(detail));
      k[0] = 0;
      k[1] = now;
    }
  }

  /**
   * Counts one refusal of {@code envelope} and, if its sender asked for an answer, fails it with
   * code 400 and "{@code kind}: {@code detail}".
   */
  public void refuse(io.vertx.core.eventbus.Message<?> envelope, String kind, String detail) {
    reject(kind, detail);
    if (envelope.replyAddress() != null) {
      envelope.fail(400, kind + ": " + detail);
    }
  }

  /** {@code text} fit for one log line: at most 300 characters, control characters shown as '?'. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_DETAIL + 1));
    for (int i = 0; i < text.length() && out.length() < MAX_DETAIL; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
    }
    return text.length() > MAX_DETAIL ? out.append('…').toString() : out.toString();
  }

  /** Refusals since start. */
  public long total() {
    return total;
  }
}
