package dev.weft.client;

/** A function or value cannot be shipped; raised at submit, naming the offending class. */
public final class SerializationException extends WeftException {
  /** The failure for {@code what}, naming {@code offendingClass}. */
  public SerializationException(String what, String offendingClass, Throwable cause) {
    super(what + " cannot be serialized: " + offendingClass + " is not serializable", cause);
  }
}
