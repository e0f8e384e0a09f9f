package dev.weft.protocol;

/**
 * A received message is unusable: its bytes do not decode to a message (truncated, oversized
 * counts, unknown tags, trailing bytes, ...), or the decoded message breaks a rule of
 * {@link MessageCheck} (a null field, a negative count, a NaN resource, ...). The message is a short
 * reason naming the message type and the bad field. Thrown once per bad frame on event loops, so
 * it captures no stack trace.
 */
public final class MalformedMessageException extends IllegalArgumentException {

  /** A message rejected for {@code reason}. */
  public MalformedMessageException(String reason) {
    super(reason);
  }

  /** A message rejected for {@code reason}, which {@code cause} explains further. */
  public MalformedMessageException(String reason, Throwable cause) {
    super(reason, cause);
  }

  /**
   * Captures nothing: the reason says what was wrong, and the stack of the decoder or checker that
   * found it is the same for every bad frame. ({@link IllegalArgumentException} has no constructor
   * that turns stack traces off, so this override does it.)
   */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
