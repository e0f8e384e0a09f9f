package dev.weft.client;

/** The root of every error Weft raises; unchecked. */
public class WeftException extends RuntimeException {
  /** An error with a message. */
  public WeftException(String message) {
    super(message);
  }

  /** An error with a message and a cause. */
  public WeftException(String message, Throwable cause) {
    super(message, cause);
  }
}
