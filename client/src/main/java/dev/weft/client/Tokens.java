package dev.weft.client;

import dev.weft.protocol.DependencyRef;
import dev.weft.protocol.JdkSerializer;
import dev.weft.protocol.UnserializableValueException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Deterministic 64-bit tokens of values, for pure keys (dask's {@code tokenize}): equal inputs give
 * equal tokens. Common types are hashed directly; other serializable values by their serialized
 * bytes; a value that cannot be serialized gets a random token (its task is then never shared).
 */
final class Tokens {

  private static final long SEED = 0x9E3779B97F4A7C15L;
  /** A key's token as 16 lower-case hex digits, zero-padded. */
  private static final String HEX_DIGITS = "0123456789abcdef";

  private Tokens() {}

  /** The key suffix for a call of a function with token {@code fnToken} on {@code args}. */
  static String key(String name, long fnToken, Object[] args) {
    long h = mix(SEED, fnToken);
    for (Object a : args) {
      h = mix(h, token(a));
    }
    StringBuilder key = new StringBuilder(name.length() + 17).append(name).append('-');
    for (int shift = 60; shift >= 0; shift -= 4) {
      key.append(HEX_DIGITS.charAt((int) (h >>> shift) & 0xF));
    }
    return key.toString();
  }

  /** A token of one value. */
  static long token(Object v) {
    if (v == null) {
      return 0x51ED27;
    } else if (v instanceof String s) {
      return mix(1, hash(s.getBytes(StandardCharsets.UTF_8)));
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return mix(mix(2, v.getClass().getName().hashCode()), ((Number) v).longValue());
    } else if (v instanceof Double d) {
      return mix(3, Double.doubleToLongBits(d));
    } else if (v instanceof Float f) {
      return mix(4, Float.floatToIntBits(f));
    } else if (v instanceof Boolean b) {
      return b ? 5 : 6;
    } else if (v instanceof Character c) {
      return mix(7, c);
    } else if (v instanceof DependencyRef ref) {
      return mix(8, token(ref.key()));
    } else if (v instanceof Enum<?> e) {
      return mix(mix(9, token(e.getDeclaringClass().getName())), e.ordinal());
    } else if (v instanceof byte[] b) {
      return mix(10, hash(b));
    } else if (v instanceof Collection<?> c && (v instanceof java.util.List || v instanceof java.util.SortedSet)) {
      long h = mix(11, c.size());
      for (Object e : c) {
        h = mix(h, token(e));
      }
      return h;
    } else if (v instanceof Map<?, ?> m && v instanceof java.util.SortedMap) {
      long h = mix(12, m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        h = mix(mix(h, token(e.getKey())), token(e.getValue()));
      }
      return h;
    }
    try {
      return mix(13, hash(JdkSerializer.INSTANCE.serialize(v)));
    } catch (UnserializableValueException | java.io.UncheckedIOException e) {
      UUID random = UUID.randomUUID();
      return mix(random.getMostSignificantBits(), random.getLeastSignificantBits());
    }
  }

  /** A 64-bit hash of bytes. */
  static long hash(byte[] bytes) {
    long h = mix(SEED, bytes.length);
    int i = 0;
    for (; i + 8 <= bytes.length; i += 8) {
      long w = 0;
      for (int j = 0; j < 8; j++) {
        w |= (bytes[i + j] & 0xffL) << (8 * j);
      }
      h = mix(h, w);
    }
    long tail = 0;
    for (int j = 0; i < bytes.length; i++, j++) {
      tail |= (bytes[i] & 0xffL) << (8 * j);
    }
    return mix(h, tail);
  }

  private static long mix(long h, long v) {
    long x = (h ^ v) * 0xBF58476D1CE4E5B9L + SEED;
    x = (x ^ (x >>> 31)) * 0x94D049BB133111EBL;
    return x ^ (x >>> 29) ^ Long.rotateLeft(h, 17);
  }
}
