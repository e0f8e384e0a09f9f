package dev.weft.client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * The recent log lines of each component of a {@link LocalCluster} ("Cluster", "Scheduler", one
 * per in-process worker), kept in memory, {@link #LINES_PER_COMPONENT} lines each: a
 * {@code java.util.logging} handler that asks {@code componentOf} whose record it sees.
 */
final class ComponentLogs extends Handler {

  /** Lines kept per component; older ones are dropped. */
  static final int LINES_PER_COMPONENT = 1_000;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  /** Names the component a record belongs to, or null for records of no component. */
  private final Function<LogRecord, String> componentOf;
  /** The last lines of each component, oldest first; guarded by this. */
  private final Map<String, ArrayDeque<String>> lines = new LinkedHashMap<>();

  ComponentLogs(Function<LogRecord, String> componentOf) {
    this.componentOf = componentOf;
  }

  @Override
  public void publish(LogRecord r) {
    if (!isLoggable(r)) {
      return;
    }
    String component = componentOf.apply(r);
    if (component == null) {
      return;
    }
    String line = format(r);
    synchronized (this) {
      ArrayDeque<String> ring = lines.computeIfAbsent(component, c -> new ArrayDeque<>());
      if (ring.size() == LINES_PER_COMPONENT) {
        ring.removeFirst();
      }
      ring.addLast(line);
    }
  }

  private static String format(LogRecord r) {
    String message = r.getMessage();
    if (r.getParameters() != null && message != null && message.contains("{0")) {
      message = java.text.MessageFormat.format(message, r.getParameters());
    }
    StringBuilder b = new StringBuilder()
        .append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
        .append(r.getLevel().getName()).append(' ')
        .append(r.getLoggerName()).append(": ").append(message);
    if (r.getThrown() != null) {
      StringWriter trace = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(trace));
      b.append('\n').append(trace.toString().stripTrailing());
    }
    return b.toString();
  }

  /** The lines of {@code component}, one per line ("" when it logged nothing). */
  synchronized String text(String component) {
    ArrayDeque<String> ring = lines.get(component);
    return ring == null ? "" : String.join("\n", ring);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
