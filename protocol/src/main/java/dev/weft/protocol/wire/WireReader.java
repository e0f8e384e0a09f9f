package dev.weft.protocol.wire;

import io.vertx.core.buffer.Buffer;

/** A read cursor over a {@link Buffer}. Not thread-safe; one per decode. */
final class WireReader {

  /** The bytes being read. */
  private final Buffer buffer;
  /** Offset of the next unread byte; only grows. */
  private int pos;

  WireReader(Buffer buffer, int pos) {
    this.buffer = buffer;
    this.pos = pos;
  }

  byte readByte() {
    return buffer.getByte(pos++);
  }

  long readLong() {
    long v = buffer.getLong(pos);
    pos += 8;
    return v;
  }

  double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  int readVarInt() {
    int shift = 0;
    int result = 0;
    while (true) {
      byte b = readByte();
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
      shift += 7;
    }
  }

  byte[] readBytes(int n) {
    byte[] out = buffer.getBytes(pos, pos + n);
    pos += n;
    return out;
  }
}
