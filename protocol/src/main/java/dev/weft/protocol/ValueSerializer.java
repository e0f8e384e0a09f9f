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

  /**
   * Prepares this serializer for its first value — loads and initialises what it needs — so that
   * the first task or result does not wait for it. Optional (nothing by default); safe to call
   * from any thread, at any time.
   */
  default void warmUp() {}

  /**
   * Serializes a value into the first {@link Serialized#length} bytes of an array that may be
   * longer, sparing the copy to an exact-size array; for callers that ship a slice (the data
   * channel). Same bytes and same failures as {@link #serialize}.
   */
  default Serialized serializeToSlice(Object value) {
    byte[] bytes = serialize(value);
    return new Serialized(bytes, bytes.length);
  }

  /** The first {@code length} bytes of {@code array} are a serialized value. */
  record Serialized(byte[] array, int length) {

    /** Checks that the slice lies in the array. */
    public Serialized {
      if (length < 0 || length > array.length) {
        throw new IllegalArgumentException("length " + length + " outside an array of " + array.length);
      }
    }

    /** The bytes as an exact-size array (the array itself when it is exact). */
    public byte[] exact() {
      return length == array.length ? array : java.util.Arrays.copyOf(array, length);
    }
  }

  /** Reads a value written by {@link #serialize}, resolving classes through {@code loader}. */
  Object deserialize(byte[] bytes, ClassLoader loader);
}
