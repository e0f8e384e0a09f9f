package dev.weft.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * An opaque user value (a function, task arguments, a result). Inside one JVM it holds the object
 * itself and is passed by reference; between JVMs only its bytes travel, and the receiver
 * decodes them lazily. The scheduler forwards payloads without ever decoding them, so it never
 * loads user classes.
 */
public final class Payload {

  /**
   * The object; meaningful only while {@link #decoded} is true. This payload's monitor guards it,
   * {@link #decoded} and {@link #bytes} (payloads are read by several threads; no separate lock
   * object, as the scheduler keeps one payload per pending task).
   */
  private Object value;
  /** True once {@link #value} holds the object (always for payloads made in this JVM). */
  private boolean decoded;
  /** The serialized form; null until first needed (never needed inside one JVM). */
  private byte[] bytes;

  private Payload(Object value, boolean decoded, byte[] bytes) {
    this.value = value;
    this.decoded = decoded;
    this.bytes = bytes;
  }

  /** A payload holding {@code value} (may be null) by reference. */
  public static Payload of(Object value) {
    return new Payload(value, true, null);
  }

  /**
   * A payload holding {@code value} whose serialized form {@code bytes} is already known (a
   * function serialized once and shipped with many tasks).
   */
  public static Payload of(Object value, byte[] bytes) {
    return new Payload(value, true, Objects.requireNonNull(bytes, "bytes"));
  }

  /** A payload received from another JVM, decoded on first {@link #value} call. */
  public static Payload ofBytes(byte[] bytes) {
    return new Payload(null, false, Objects.requireNonNull(bytes, "bytes"));
  }

  /** The object, decoding the bytes with {@code serializer} and {@code loader} on first use. */
  public Object value(ValueSerializer serializer, ClassLoader loader) {
    synchronized (this) {
      if (!decoded) {
        value = serializer.deserialize(bytes, loader);
        decoded = true;
      }
      return value;
    }
  }

  /**
   * The object, decoding received bytes with {@link Serializers#DEFAULT} and the thread's context
   * class loader on first use.
   */
  public Object value() {
    return value(Serializers.DEFAULT, Thread.currentThread().getContextClassLoader());
  }

  /** The bytes received from another JVM while they are not decoded yet; null once decoded, and for payloads made here. */
  public byte[] undecodedBytes() {
    synchronized (this) {
      return decoded ? null : bytes;
    }
  }

  /** The serialized form, computing it with {@code serializer} on first use. */
  public byte[] bytes(ValueSerializer serializer) {
    synchronized (this) {
      if (bytes == null) {
        bytes = serializer.serialize(value);
      }
      return bytes;
    }
  }

  /** Payloads are equal when their serialized forms are (used by wire round-trip checks). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Payload other
        && Arrays.equals(bytes(Serializers.DEFAULT), other.bytes(Serializers.DEFAULT));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes(Serializers.DEFAULT));
  }

  @Override
  public String toString() {
    synchronized (this) {
      return decoded ? "Payload[" + value + "]" : "Payload[" + bytes.length + " bytes]";
    }
  }
}
