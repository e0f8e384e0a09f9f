package dev.weft.client;

import dev.weft.protocol.RemoteError;
import dev.weft.protocol.StackFrame;
import java.util.List;

/** Turns a {@link RemoteError} back into the exception a user catches. */
final class RemoteErrors {

  private static final String KILLED_WORKER = KilledWorkerException.class.getName();
  private static final String TOO_LARGE = TaskTooLargeException.class.getName();

  private RemoteErrors() {}

  /** The exception {@code result()} throws for the failed {@code key}. */
  static WeftException toException(String key, RemoteError e) {
    if (KILLED_WORKER.equals(e.type())) {
      return new KilledWorkerException(e.message());
    }
    if (TOO_LARGE.equals(e.type())) {
      return new TaskTooLargeException(e.message());
    }
    return new RemoteTaskException(key, original(e));
  }

  /** The original exception object, or a stand-in with the same type name, message and stack. */
  static Throwable original(RemoteError e) {
    if (e.exception() != null) {
      try {
        if (e.exception().value() instanceof Throwable t) {
          return t;
        }
      } catch (RuntimeException undecodable) {
        // fall back to the description below
      }
    }
    RemoteThrowable stand = new RemoteThrowable(e.type(), e.message());
    List<StackFrame> frames = e.stack();
    StackTraceElement[] trace = new StackTraceElement[frames.size()];
    for (int i = 0; i < trace.length; i++) {
      trace[i] = frames.get(i).toElement();
    }
    stand.setStackTrace(trace);
    return stand;
  }
}
