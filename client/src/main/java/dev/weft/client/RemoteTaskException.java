package dev.weft.client;

/**
 * A task's function threw on a worker (or a task it depends on did). The cause is the original
 * exception, with its type, message and worker-side stack trace; when its class cannot be loaded
 * here it is a {@link RemoteThrowable} carrying the same information.
 */
public final class RemoteTaskException extends WeftException {
  private final String key;

  /** The failure of {@code key}, caused by {@code cause}. */
  public RemoteTaskException(String key, Throwable cause) {
    super("task " + key + " failed: " + cause, cause);
    this.key = key;
  }

  /** The key of the failed task. */
  public String key() {
    return key;
  }
}
