package dev.weft.protocol;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records a java.util.logging logger (and those under it) publishes while this is open, for
 * tests that check what was logged: {@code try (LogCapture logs = LogCapture.of("")) { … }}.
 */
public final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger;
  /** Every record published since {@link #of}; only grows until {@link #close}. */
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  /** Starts capturing what {@code loggerName} ("" for the root: everything) publishes. */
  public static LogCapture of(String loggerName) {
    LogCapture capture = new LogCapture(Logger.getLogger(loggerName));
    capture.logger.addHandler(capture);
    return capture;
  }

  /** The records captured so far. */
  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public void publish(LogRecord r) {
    records.add(r);
  }

  @Override
  public void flush() {}

  /** Stops capturing; the records stay readable. */
  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
