package dev.weft.worker.verticle;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import dev.weft.protocol.ValueSerializer.Serialized;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * One data-channel connection on the serving side: reads the asker's token, claims the offered
 * value and writes it in {@link DataChannel#CHUNK_BYTES} slices — slices of its serialized bytes,
 * or of a primitive array's elements copied straight into a direct buffer of the socket's
 * allocator (see {@link RawArrays}) —, pausing while the socket's write queue is full and resuming
 * on drain. The asker closes the connection once it has read
 * everything; an unknown token closes it at once. Runs on one event loop.
 */
final class DataChannelSender {

  /** Bytes queued on the socket before writing pauses: a few chunks in flight keep the pipe full. */
  static final int WRITE_QUEUE_BYTES = 4 * DataChannel.CHUNK_BYTES;
  /** Direct buffers of one chunk a connection uses at most, each reused once written. */
  static final int MAX_BUFFERS = WRITE_QUEUE_BYTES / DataChannel.CHUNK_BYTES + 1;

  private final NetSocket socket;
  private final Function<String, DataChannelServer.Offer> claim;
  /** Told the length of the claimed bytes once they are all handed to the socket or the socket closed first. */
  private final LongConsumer released;
  /** True once {@link #released} was told. */
  private boolean releasedOnce;
  /** Token characters received so far; at most {@link DataChannel#TOKEN_LENGTH}, and unused once claimed. */
  private final Buffer token = Buffer.buffer(DataChannel.TOKEN_LENGTH);
  /** The value being sent (serialized bytes or a primitive array); null until the token is claimed, and again once all of it was handed to the socket. */
  private Object payload;
  /** The length of the claimed value; -1 until the token is claimed. */
  private long length = -1;
  /** Bytes of {@link #payload} handed to the socket so far; only grows, up to {@link #length}. */
  private long written;
  /** True once every byte was handed to the socket (counted in {@link DataChannel#stats()} once). */
  private boolean done;
  /**
   * Direct buffers written and free again: fresh native memory per chunk cost more than copying
   * into it. Vert.x never releases a buffer handed to it, so each stays this sender's to reuse.
   */
  private final ArrayDeque<ByteBuf> spare = new ArrayDeque<>();
  /** Buffers made so far, at most {@link #MAX_BUFFERS}; those not in {@link #spare} are being written. */
  private int buffers;
  /** True once the connection closed: buffers coming back are freed, not reused. */
  private boolean closed;

  DataChannelSender(NetSocket socket, Function<String, DataChannelServer.Offer> claim, LongConsumer released) {
    this.socket = socket;
    this.claim = claim;
    this.released = released;
  }

  void start() {
    socket.exceptionHandler(e -> socket.close());
    socket.closeHandler(v -> {
      closed = true;
      spare.forEach(ByteBuf::release);
      spare.clear();
      release();
    });
    socket.handler(this::onData);
  }

  private void onData(Buffer in) {
    if (length >= 0) {
      return; // the asker sends nothing after its token
    }
    int take = Math.min(in.length(), DataChannel.TOKEN_LENGTH - token.length());
    token.appendBuffer(in, 0, take);
    if (token.length() < DataChannel.TOKEN_LENGTH) {
      return;
    }
    DataChannelServer.Offer offer = claim.apply(token.toString(StandardCharsets.US_ASCII));
    if (offer == null) {
      socket.close(); // unknown, already claimed, or expired: the asker sees an early close
      return;
    }
    payload = offer.payload();
    length = offer.length();
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    socket.drainHandler(v -> pump());
    pump();
  }

  private void pump() {
    while (written < length && !socket.writeQueueFull() && (!spare.isEmpty() || buffers < MAX_BUFFERS)) {
      ByteBuf chunk = spare.isEmpty() ? newBuffer() : spare.pop();
      int n = (int) Math.min(DataChannel.CHUNK_BYTES, length - written);
      fill(chunk.clear(), n);
      written += n;
      socket.write(BufferInternal.buffer(chunk)).onComplete(ar -> {
        if (closed) {
          chunk.release();
        } else {
          spare.push(chunk);
          pump();
        }
      });
    }
    if (written == length && !done) {
      done = true;
      payload = null; // the socket holds what it still has to write
      DataChannel.sent(length);
      release();
    }
  }

  private ByteBuf newBuffer() {
    buffers++;
    return Unpooled.directBuffer(DataChannel.CHUNK_BYTES);
  }

  /** Copies the {@code n} bytes of the payload from {@link #written} into {@code chunk}: serialized bytes, or array elements. */
  private void fill(ByteBuf chunk, int n) {
    if (payload instanceof Serialized bytes) {
      chunk.writeBytes(bytes.array(), (int) written, n);
    } else {
      RawArrays.copyOut(payload, written, chunk.nioBuffer(0, n));
      chunk.writerIndex(n);
    }
  }

  private void release() {
    if (length >= 0 && !releasedOnce) {
      releasedOnce = true;
      released.accept(length);
    }
  }
}
