package dev.weft.worker.verticle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Primitive arrays on the data channel without a serializer: their elements travel as raw
 * little-endian bytes, written from the array straight into the socket's (direct) buffers and read
 * from the socket's buffers straight into the final array, chunk by chunk — no serialized copy on
 * either side. The layout names the element type as Java writes it ({@code "double[]"}); a
 * {@code boolean[]} (no fixed width in Java's memory) and every other value are serialized.
 */
final class RawArrays {

  /** Layout of a value that is serialized (every value but a primitive array). */
  static final String SERIALIZED = "";

  private RawArrays() {}

  /** The layout of {@code value}: its type's name for a primitive array that travels raw, else {@link #SERIALIZED}. */
  static String layoutOf(Object value) {
    return value instanceof double[] || value instanceof long[] || value instanceof int[] || value instanceof float[]
        || value instanceof short[] || value instanceof char[] || value instanceof byte[]
        ? value.getClass().getSimpleName() : SERIALIZED;
  }

  /** Bytes per element of {@code layout}; throws {@link IllegalArgumentException} for an unknown one. */
  static int elementBytes(String layout) {
    return switch (layout) {
      case "double[]", "long[]" -> 8;
      case "int[]", "float[]" -> 4;
      case "short[]", "char[]" -> 2;
      case "byte[]" -> 1;
      default -> throw new IllegalArgumentException("unknown array layout '" + layout + "'");
    };
  }

  /** Bytes of {@code array} (a primitive array of a raw layout) on the wire. */
  static long byteLength(Object array) {
    String layout = layoutOf(array);
    return (long) java.lang.reflect.Array.getLength(array) * elementBytes(layout);
  }

  /** A new array of {@code layout} for {@code bytes} bytes; throws {@link IllegalArgumentException} when they are not whole elements. */
  static Object allocate(String layout, long bytes) {
    int size = elementBytes(layout);
    if (bytes < 0 || bytes % size != 0 || bytes / size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(bytes + " bytes are not a " + layout + " of at most " + (Integer.MAX_VALUE - 16) + " elements");
    }
    int n = (int) (bytes / size);
    return switch (layout) {
      case "double[]" -> new double[n];
      case "long[]" -> new long[n];
      case "int[]" -> new int[n];
      case "float[]" -> new float[n];
      case "short[]" -> new short[n];
      case "char[]" -> new char[n];
      default -> new byte[n];
    };
  }

  /**
   * Copies the elements of {@code array} from byte {@code fromByte} of its wire form (a whole
   * element's start) into {@code dst} (little-endian) until it is full or the array ends;
   * {@code dst}'s remaining bytes must be whole elements. Returns the elements copied.
   */
  static int copyOut(Object array, long fromByte, ByteBuffer dst) {
    ByteBuffer out = dst.order(ByteOrder.LITTLE_ENDIAN);
    int size = elementBytes(layoutOf(array));
    int from = (int) (fromByte / size);
    int n = Math.min(out.remaining() / size, java.lang.reflect.Array.getLength(array) - from);
    if (array instanceof double[] a) {
      out.asDoubleBuffer().put(a, from, n);
    } else if (array instanceof long[] a) {
      out.asLongBuffer().put(a, from, n);
    } else if (array instanceof int[] a) {
      out.asIntBuffer().put(a, from, n);
    } else if (array instanceof float[] a) {
      out.asFloatBuffer().put(a, from, n);
    } else if (array instanceof short[] a) {
      out.asShortBuffer().put(a, from, n);
    } else if (array instanceof char[] a) {
      out.asCharBuffer().put(a, from, n);
    } else {
      out.duplicate().put((byte[]) array, from, n);
    }
    out.position(out.position() + n * size);
    return n;
  }

  /**
   * Copies the whole elements in {@code src} (little-endian, from its position) into {@code array}
   * from element {@code at}; returns the elements copied. Bytes of a last partial element stay in
   * {@code src}, which is left positioned after the copied ones.
   */
  static int copyIn(ByteBuffer src, Object array, int at) {
    ByteBuffer in = src.slice().order(ByteOrder.LITTLE_ENDIAN);
    int size = elementBytes(layoutOf(array));
    int n = Math.min(in.remaining() / size, java.lang.reflect.Array.getLength(array) - at);
    if (array instanceof double[] a) {
      in.asDoubleBuffer().get(a, at, n);
    } else if (array instanceof long[] a) {
      in.asLongBuffer().get(a, at, n);
    } else if (array instanceof int[] a) {
      in.asIntBuffer().get(a, at, n);
    } else if (array instanceof float[] a) {
      in.asFloatBuffer().get(a, at, n);
    } else if (array instanceof short[] a) {
      in.asShortBuffer().get(a, at, n);
    } else if (array instanceof char[] a) {
      in.asCharBuffer().get(a, at, n);
    } else {
      in.get((byte[]) array, at, n);
    }
    src.position(src.position() + n * size);
    return n;
  }
}
