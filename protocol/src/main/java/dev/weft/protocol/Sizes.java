package dev.weft.protocol;

import java.util.Collection;
import java.util.Map;

/**
 * Cheap size estimates of values in bytes, for memory accounting and the cost of moving data. Exact
 * for primitive arrays and strings; shallow (a fixed cost per element) for collections.
 */
public final class Sizes {

  private static final long OBJECT = 16;
  private static final long REFERENCE = 8;

  private Sizes() {}

  /** Estimated bytes of {@code value}. */
  public static long estimate(Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof byte[] a) {
      return OBJECT + a.length;
    } else if (value instanceof double[] a) {
      return OBJECT + 8L * a.length;
    } else if (value instanceof long[] a) {
      return OBJECT + 8L * a.length;
    } else if (value instanceof int[] a) {
      return OBJECT + 4L * a.length;
    } else if (value instanceof float[] a) {
      return OBJECT + 4L * a.length;
    } else if (value instanceof char[] a) {
      return OBJECT + 2L * a.length;
    } else if (value instanceof short[] a) {
      return OBJECT + 2L * a.length;
    } else if (value instanceof boolean[] a) {
      return OBJECT + a.length;
    } else if (value instanceof Object[] a) {
      return OBJECT + (REFERENCE + OBJECT) * a.length;
    } else if (value instanceof CharSequence s) {
      return OBJECT + 24 + s.length();
    } else if (value instanceof Collection<?> c) {
      return OBJECT + (REFERENCE + OBJECT + OBJECT) * c.size();
    } else if (value instanceof Map<?, ?> m) {
      return OBJECT + (3 * REFERENCE + 3 * OBJECT) * m.size();
    }
    return OBJECT + 16;
  }
}
