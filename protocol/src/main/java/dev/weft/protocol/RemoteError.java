package dev.weft.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * An exception thrown by a task on a worker: its class name, message and worker-side stack, plus
 * the exception object itself ({@code exception}, null when it could not be shipped) so the
 * client can rethrow the original type.
 */
public record RemoteError(String type, String message, List<StackFrame> stack, Payload exception) {

  /**
   * Longest message, and longest stack (as printed), shipped (dask's
   * {@code distributed.admin.max-error-length}). Past it, the message keeps its first
   * {@value} characters, the stack its first and last frames within {@value} characters, and the
   * exception object itself is not shipped (it would carry the whole text).
   */
  public static final int MAX_ERROR_LENGTH = 10_000;

  /** Describes {@code t}, keeping the object itself for in-JVM delivery unless its text is too long. */
  public static RemoteError of(Throwable t) {
    StackTraceElement[] trace = t.getStackTrace();
    String message = t.getMessage();
    boolean longMessage = message != null && message.length() > MAX_ERROR_LENGTH;
    List<StackFrame> frames = frames(trace);
    boolean whole = !longMessage && frames.size() == trace.length;
    return new RemoteError(t.getClass().getName(), longMessage ? message.substring(0, MAX_ERROR_LENGTH) : message,
        frames, whole ? Payload.of(t) : null);
  }

  /** The frames of {@code trace} within {@link #MAX_ERROR_LENGTH} printed characters: the first half's and the last half's. */
  private static List<StackFrame> frames(StackTraceElement[] trace) {
    int budget = MAX_ERROR_LENGTH / 2;
    int head = 0;
    for (int used = printed(trace, 0); head < trace.length && used <= budget; used += printed(trace, ++head)) {
      // takes leading frames while they fit
    }
    int tail = trace.length;
    for (int used = printed(trace, tail - 1); tail > head && used <= budget; used += printed(trace, --tail - 1)) {
      // takes trailing frames while they fit
    }
    List<StackFrame> out = new ArrayList<>();
    for (int i = 0; i < trace.length; i++) {
      if (i < head || i >= tail) {
        out.add(StackFrame.of(trace[i]));
      }
    }
    return out;
  }

  /** Characters of frame {@code i} in a printed stack trace ("\tat " and the line); 0 past either end. */
  private static int printed(StackTraceElement[] trace, int i) {
    return i < 0 || i >= trace.length ? 0 : 5 + trace[i].toString().length();
  }
}
