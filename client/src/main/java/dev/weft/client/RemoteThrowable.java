package dev.weft.client;

/** Stands in for a remote exception whose class is not available in this JVM. */
public final class RemoteThrowable extends RuntimeException {
  private final String remoteType;

  /** The remote exception {@code remoteType} with its message; the stack trace is set by the caller. */
  public RemoteThrowable(String remoteType, String message) {
    super(message);
    this.remoteType = remoteType;
  }

  /** The fully qualified class name of the remote exception. */
  public String remoteType() {
    return remoteType;
  }

  @Override
  public String toString() {
    String m = getMessage();
    return m == null ? remoteType : remoteType + ": " + m;
  }
}
