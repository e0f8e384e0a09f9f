package dev.weft.protocol;

import java.io.ObjectStreamConstants;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.ForyBuilder;
import org.apache.fory.config.Language;
import org.apache.fory.memory.MemoryBuffer;

/**
 * {@link ValueSerializer} on Apache Fory (Java mode, no class registration, reference tracking),
 * with JDK serialization as fallback for values Fory cannot handle. The first byte says which
 * format follows: {@link #FORY_TAG} then Fory's bytes, or {@link #JDK_TAG}, which is the first byte
 * of every JDK serialization stream's magic number, so a fallback value is a plain JDK stream
 * (and bytes written by {@link JdkSerializer} are read as they are). Thread-safe: Fory instances
 * come from a pool, each used by one thread at a time.
 *
 * <p>Fory also serializes classes that do not implement {@link java.io.Serializable} (except JDK
 * classes it refuses, such as threads and sockets); a value that neither Fory nor JDK
 * serialization can write fails with {@link UnserializableValueException} naming the class JDK
 * serialization stopped at. Classes are resolved through the loader given to
 * {@link #deserialize}: Fory looks in its own loader first, then in the thread's context loader,
 * which is set to that loader for the call.
 */
public final class ForySerializer implements ValueSerializer {

  /** First byte of a value written by Fory. */
  public static final byte FORY_TAG = 'F';
  /** First byte of a value written by JDK serialization (the high byte of its stream magic). */
  public static final byte JDK_TAG = (byte) (ObjectStreamConstants.STREAM_MAGIC >>> 8);

  /** Largest buffer pre-sized from a value's size estimate; bigger values grow the buffer. */
  private static final int MAX_PRESIZE = Integer.MAX_VALUE - 64;
  /** Starting buffer size for values whose size is not known in advance. */
  private static final int INITIAL_BUFFER = 256;

  /**
   * Fory instances (pooled, each used by one thread at a time), all configured alike and bound to
   * this class's loader; replaced by a fresh one after a failed read, whose class cache may hold
   * the failure. Built on first use: an in-process cluster never serializes, and building Fory
   * loads some 400 classes, a good part of its start-up time.
   */
  private volatile ThreadSafeFory fory;

  private ThreadSafeFory fory() {
    ThreadSafeFory f = fory;
    if (f == null) {
      synchronized (this) {
        f = fory;
        if (f == null) {
          f = newFory();
          fory = f;
        }
      }
    }
    return f;
  }

  private static ThreadSafeFory newFory() {
    return new ForyBuilder()
        .withLanguage(Language.JAVA)
        .requireClassRegistration(false)
        .suppressClassRegistrationWarnings(true)
        .withRefTracking(true)
        .withAsyncCompilation(true)
        .withClassLoader(ForySerializer.class.getClassLoader())
        .buildThreadSafeFory();
  }

  /**
   * Round-trips a task function and arguments of common types: Fory is built and its serializers
   * for them loaded. Nothing once Fory is built (by an earlier warm-up or a first value).
   */
  @Override
  public void warmUp() {
    if (fory != null) {
      return;
    }
    TaskFunction sample = args -> args[0];
    deserialize(serialize(new Object[] {sample, 1, 2L, 3.0, "weft", new byte[] {4}, new int[] {5}}), ForySerializer.class.getClassLoader());
  }

  @Override
  public byte[] serialize(Object value) {
    return serializeToSlice(value).exact();
  }

  @Override
  public Serialized serializeToSlice(Object value) {
    try {
      return writeFory(value);
    } catch (RuntimeException foryCannot) {
      byte[] jdk = JdkSerializer.INSTANCE.serialize(value); // starts with JDK_TAG; throws naming the class
      return new Serialized(jdk, jdk.length);
    }
  }

  /**
   * Fory's bytes after {@link #FORY_TAG}. A primitive array's buffer is sized from its length up
   * front (so a large one is neither regrown nor copied); other values grow their buffer.
   */
  private Serialized writeFory(Object value) {
    boolean primitiveArray = value != null && value.getClass().isArray() && value.getClass().getComponentType().isPrimitive();
    long size = primitiveArray ? Sizes.estimate(value) + 64 : INITIAL_BUFFER;
    MemoryBuffer buffer = MemoryBuffer.newHeapBuffer((int) Math.min(MAX_PRESIZE, size));
    buffer.writeByte(FORY_TAG);
    fory().serialize(buffer, value);
    byte[] heap = buffer.getHeapMemory();
    int n = buffer.writerIndex();
    return heap != null && buffer.size() == heap.length ? new Serialized(heap, n) : new Serialized(buffer.getBytes(0, n), n);
  }

  @Override
  public Object deserialize(byte[] bytes, ClassLoader loader) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("no bytes to deserialize");
    }
    byte tag = bytes[0];
    if (tag == JDK_TAG) {
      return JdkSerializer.INSTANCE.deserialize(bytes, loader);
    }
    if (tag != FORY_TAG) {
      throw new IllegalArgumentException("unknown value format tag " + (tag & 0xff));
    }
    try {
      return readFory(fory(), bytes, loader);
    } catch (RuntimeException first) {
      // Fory caches the classes it resolved, a failure included (a class missing until a jar is
      // uploaded stays missing): read again with a fresh Fory, noting which classes are missing.
      ThreadSafeFory fresh = newFory();
      fory = fresh;
      MissingClasses probe = new MissingClasses(loader);
      try {
        return readFory(fresh, bytes, probe);
      } catch (RuntimeException e) {
        fory = newFory();
        String missing = probe.names().isEmpty() ? "" : "class not found: " + String.join(", ", probe.names()) + "; ";
        throw new IllegalStateException("cannot deserialize a value: " + missing + e.getMessage(), e);
      }
    }
  }

  /** Reads Fory's bytes, Fory resolving classes it cannot load itself through {@code loader}. */
  private static Object readFory(ThreadSafeFory fory, byte[] bytes, ClassLoader loader) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return fory.deserialize(MemoryBuffer.fromByteArray(bytes, 1, bytes.length - 1));
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** Delegates to a loader and remembers the names it could not load (Fory's errors omit them). */
  private static final class MissingClasses extends ClassLoader {
    /** Names asked for and not found, in order; appended to by the reading thread only. */
    private final java.util.Set<String> names = new java.util.LinkedHashSet<>();

    MissingClasses(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      try {
        return super.loadClass(name, resolve);
      } catch (ClassNotFoundException e) {
        synchronized (names) {
          names.add(name);
        }
        throw e;
      }
    }

    java.util.List<String> names() {
      synchronized (names) {
        return java.util.List.copyOf(names);
      }
    }
  }

  @Override
  public String toString() {
    return "ForySerializer";
  }
}
