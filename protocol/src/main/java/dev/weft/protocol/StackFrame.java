package dev.weft.protocol;

/** One line of a remote stack trace. */
public record StackFrame(String className, String method, String file, int line) {

  /** The frame of a local stack trace element. */
  public static StackFrame of(StackTraceElement e) {
    return new StackFrame(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber());
  }

  /** Back to a {@link StackTraceElement}. */
  public StackTraceElement toElement() {
    return new StackTraceElement(className, method, file, line);
  }
}
