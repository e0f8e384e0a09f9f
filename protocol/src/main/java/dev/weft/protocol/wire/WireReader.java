package dev.weft.protocol.wire;

import dev.weft.protocol.MalformedMessageException;
import io.vertx.core.buffer.Buffer;

/**
 * A read cursor over one frame, {@code [pos, end)} of a {@link Buffer}. Every read checks the bytes
 * left first and throws {@link MalformedMessageException} rather than read past {@code end}; lengths
 * and counts are checked against the bytes left before anyone allocates for them. Not thread-safe;
 * one per decode.
 */
final class WireReader {

  /** Most bytes of a varint: 5 carry 32 bits. */
  private static final int MAX_VARINT_BYTES = 5;

  /** The bytes being read; only {@code [pos, end)} of it is this frame. */
  private final Buffer buffer;
  /** Offset just past the frame's last byte; {@code pos <= end <= buffer.length()}. */
  private final int end;
  /** Offset of the next unread byte; only grows, never past {@link #end}. */
  private int pos;

  /** A cursor over {@code [pos, end)}, which the caller has checked lies in {@code buffer}. */
  WireReader(Buffer buffer, int pos, int end) {
    this.buffer = buffer;
    this.pos = pos;
    this.end = end;
  }

  /** Bytes not read yet. */
  int remaining() {
    return end - pos;
  }

  byte readByte() {
    if (pos >= end) {
      throw truncated(1);
    }
    return buffer.getByte(pos++);
  }

  /** A byte that is 0 (false) or 1 (true). */
  boolean readBoolean() {
    byte b = readByte();
    if ((b & ~1) != 0) {
      throw new MalformedMessageException("boolean byte " + (b & 0xff) + " at offset " + (pos - 1));
    }
    return b != 0;
  }

  long readLong() {
    if (end - pos < 8) {
      throw truncated(8);
    }
    long v = buffer.getLong(pos);
    pos += 8;
    return v;
  }

  double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  /** An int written by {@code RecordWire.writeVarInt}: 1 to 5 bytes, the fifth holding 4 bits. */
  int readVarInt() {
    int result = 0;
    for (int i = 0, shift = 0; i < MAX_VARINT_BYTES; i++, shift += 7) {
      byte b = readByte();
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (i == MAX_VARINT_BYTES - 1 && (b & 0xf0) != 0) {
          throw new MalformedMessageException("varint overflows 32 bits");
        }
        return result;
      }
    }
    throw new MalformedMessageException("varint longer than " + MAX_VARINT_BYTES + " bytes");
  }

  /**
   * A count of {@code what} (list elements, map entries): a varint that is {@code >= 0} and small
   * enough for the bytes left, each item taking at least {@code minBytesEach} bytes.
   */
  int readCount(String what, int minBytesEach) {
    int n = readVarInt();
    if (n < 0 || (long) n * minBytesEach > end - pos) {
      throw announces(n, what);
    }
    return n;
  }

  /** The next {@code n} bytes, when {@code n >= 0} and that many are left. */
  byte[] readBytes(int n) {
    if (n < 0 || n > end - pos) {
      throw announces(n, "bytes");
    }
    byte[] out = buffer.getBytes(pos, pos + n);
    pos += n;
    return out;
  }

  private MalformedMessageException announces(int n, String what) {
    return new MalformedMessageException("frame announces " + n + " " + what + " with " + (end - pos) + " bytes left");
  }

  private MalformedMessageException truncated(int wanted) {
    return new MalformedMessageException(
        "frame truncated: wanted " + wanted + " bytes at offset " + pos + ", " + (end - pos) + " left");
  }
}
