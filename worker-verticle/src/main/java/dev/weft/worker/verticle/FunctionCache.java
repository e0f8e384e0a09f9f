package dev.weft.worker.verticle;

import dev.weft.protocol.Payload;
import dev.weft.protocol.ValueSerializer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Task functions decoded once per distinct serialized form, as dask's worker does
 * ({@code cache_loads}): a map over 100,000 items ships the same function bytes with every task,
 * and decoding them (a lambda goes through Java serialization) costs more than running a short
 * task. Functions of up to {@link #MAX_BYTES} are kept, the {@link #CAPACITY} most recently used;
 * tasks with equal function bytes share one function object. One cache per upload generation, so
 * a function is never reused with classes of an older generation. Thread-safe.
 */
final class FunctionCache {

  /** Functions kept at most. */
  static final int CAPACITY = 100;
  /** Larger serialized functions are decoded for each task. */
  static final int MAX_BYTES = 100_000;

  /** Serialized bytes as a map key (compared by content). */
  private record Bytes(byte[] bytes, int hash) {

    Bytes(byte[] bytes) {
      this(bytes, Arrays.hashCode(bytes));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** Decoded functions by their bytes, least recently used first; at most CAPACITY entries. Guarded by this. */
  private final Map<Bytes, Object> functions = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Bytes, Object> eldest) {
      return size() > CAPACITY;
    }
  };

  /** The function {@code payload} holds, decoded with {@code serializer} and {@code loader} unless cached. */
  Object function(Payload payload, ValueSerializer serializer, ClassLoader loader) {
    byte[] bytes = payload.undecodedBytes();
    if (bytes == null || bytes.length > MAX_BYTES) {
      return payload.value(serializer, loader);
    }
    Bytes key = new Bytes(bytes);
    synchronized (this) {
      Object known = functions.get(key);
      if (known != null) {
        return known;
      }
    }
    Object decoded = payload.value(serializer, loader);
    if (decoded != null) {
      synchronized (this) {
        functions.putIfAbsent(key, decoded);
      }
    }
    return decoded;
  }
}
