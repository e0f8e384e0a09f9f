package dev.weft.protocol;

/** A value (or something it references) cannot be serialized; names the offending class. */
public final class UnserializableValueException extends RuntimeException {

  private final String offendingClass;

  /** Creates the exception for {@code offendingClass}, keeping the serializer's own failure. */
  public UnserializableValueException(String offendingClass, Throwable cause) {
    super("cannot serialize an instance of " + offendingClass, cause);
    this.offendingClass = offendingClass;
  }

  /** The fully qualified name of the class that could not be serialized. */
  public String offendingClass() {
    return offendingClass;
  }
}
