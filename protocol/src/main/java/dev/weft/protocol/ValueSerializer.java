package dev.weft.protocol;

/**
 * Turns user values (functions, arguments, results) into bytes and back. Used only where a
 * value crosses a JVM boundary; inside one JVM values travel by reference and are never
 * serialized.
 */
public interface ValueSerializer {

  /**
   * Serializes a value.
   *
   * @throws UnserializableValueException naming the class that could not be serialized
   */
  byte[] serialize(Object value);

  /** Reads a value written by {@link #serialize}, resolving classes through {@code loader}. */
  Object deserialize(byte[] bytes, ClassLoader loader);
}
