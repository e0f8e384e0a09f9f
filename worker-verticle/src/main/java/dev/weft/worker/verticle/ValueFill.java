package dev.weft.worker.verticle;

import java.nio.ByteBuffer;

/**
 * Puts the bytes of one data-channel transfer at their final place as they arrive, however the
 * socket splits them: into one byte array for a serialized value, or, for a ticket with a raw
 * layout, straight into the primitive array (an element split between two reads is completed
 * first). The ticket's length must not be exceeded: the reader checks it before each read.
 */
final class ValueFill {

  /** Where the bytes go: a byte array of the transfer's length, or the primitive array of its layout. */
  private final Object target;
  /** True for serialized bytes, false for a raw array. */
  private final boolean serialized;
  /** Bytes per element of {@link #target}; 1 for serialized bytes. */
  private final int elementBytes;
  /** The bytes of an element split between two reads, until it is whole; empty between elements. */
  private final ByteBuffer partial;
  /** Bytes taken so far; only grows. */
  private long received;

  /**
   * A fill of {@code length} bytes of {@code layout} (empty: serialized bytes); throws
   * {@link IllegalArgumentException} for an unknown layout, a length that is not whole elements, or
   * one too large for an array.
   */
  ValueFill(String layout, long length) {
    this.serialized = layout.isEmpty();
    if (serialized && (length < 0 || length > Integer.MAX_VALUE - 16)) {
      throw new IllegalArgumentException("cannot hold " + length + " bytes in one array");
    }
    this.target = serialized ? new byte[(int) length] : RawArrays.allocate(layout, length);
    this.elementBytes = serialized ? 1 : RawArrays.elementBytes(layout);
    this.partial = ByteBuffer.allocate(elementBytes);
  }

  /** Takes every remaining byte of {@code in}. */
  void accept(ByteBuffer in) {
    int n = in.remaining();
    if (serialized) {
      in.get((byte[]) target, (int) received, n);
    } else {
      int at = (int) ((received - partial.position()) / elementBytes);
      if (partial.position() > 0) {
        while (partial.hasRemaining() && in.hasRemaining()) {
          partial.put(in.get());
        }
        if (!partial.hasRemaining()) {
          RawArrays.copyIn(partial.flip(), target, at++);
          partial.clear();
        }
      }
      RawArrays.copyIn(in, target, at);
      partial.put(in);
    }
    received += n;
  }

  /** Bytes taken so far. */
  long received() {
    return received;
  }

  /** The byte array or primitive array filled. */
  Object target() {
    return target;
  }
}
