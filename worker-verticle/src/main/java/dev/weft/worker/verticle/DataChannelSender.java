package dev.weft.worker.verticle;

import io.netty.buffer.Unpooled;
import dev.weft.protocol.ValueSerializer.Serialized;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * One data-channel connection on the serving side: reads the asker's token, claims the offered
 * bytes and writes them in {@link DataChannel#CHUNK_BYTES} slices, pausing while the socket's
 * write queue is full and resuming on drain. The asker closes the connection once it has read
 * everything; an unknown token closes it at once. Runs on one event loop.
 */
final class DataChannelSender {

  /** Bytes queued on the socket before writing pauses: a few chunks in flight keep the pipe full. */
  static final int WRITE_QUEUE_BYTES = 4 * DataChannel.CHUNK_BYTES;

  private final NetSocket socket;
  private final Function<String, Serialized> claim;
  /** Told the length of the claimed bytes once they are all handed to the socket or the socket closed first. */
  private final LongConsumer released;
  /** True once {@link #released} was told. */
  private boolean releasedOnce;
  /** Token characters received so far; at most {@link DataChannel#TOKEN_LENGTH}, and unused once claimed. */
  private final Buffer token = Buffer.buffer(DataChannel.TOKEN_LENGTH);
  /** The value being sent; null until the token is claimed, and again once all of it was handed to the socket. */
  private Serialized bytes;
  /** The length of the claimed value; -1 until the token is claimed. */
  private long length = -1;
  /** Bytes of {@link #bytes} handed to the socket so far; only grows, up to {@link #length}. */
  private int written;
  /** True once every byte was handed to the socket (counted in {@link DataChannel#stats()} once). */
  private boolean done;

  DataChannelSender(NetSocket socket, Function<String, Serialized> claim, LongConsumer released) {
    this.socket = socket;
    this.claim = claim;
    this.released = released;
  }

  void start() {
    socket.exceptionHandler(e -> socket.close());
    socket.closeHandler(v -> release());
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
    bytes = claim.apply(token.toString(StandardCharsets.US_ASCII));
    if (bytes == null) {
      socket.close(); // unknown, already claimed, or expired: the asker sees an early close
      return;
    }
    length = bytes.length();
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    socket.drainHandler(v -> pump());
    pump();
  }

  private void pump() {
    while (written < length && !socket.writeQueueFull()) {
      int n = (int) Math.min(DataChannel.CHUNK_BYTES, length - written);
      socket.write(BufferInternal.buffer(Unpooled.wrappedBuffer(bytes.array(), written, n)));
      written += n;
    }
    if (written == length && !done) {
      done = true;
      bytes = null; // the socket holds what it still has to write
      DataChannel.sent(length);
      release();
    }
  }

  private void release() {
    if (length >= 0 && !releasedOnce) {
      releasedOnce = true;
      released.accept(length);
    }
  }
}
