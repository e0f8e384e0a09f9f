package dev.weft.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * An exception thrown by a task on a worker: its class name, message and worker-side stack, plus
 * the exception object itself ({@code exception}, null when it could not be shipped) so the
 * client can rethrow the original type.
 */
public record RemoteError(String type, String message, List<StackFrame> stack, Payload exception) {

  /** Describes {@code t}, keeping the object itself for in-JVM delivery. */
  public static RemoteError of(Throwable t) {
    List<StackFrame> frames = new ArrayList<>();
    for (StackTraceElement e : t.getStackTrace()) {
      frames.add(StackFrame.of(e));
    }
    return new RemoteError(t.getClass().getName(), t.getMessage(), frames, Payload.of(t));
  }
}
