package dev.weft.worker.verticle;

import dev.weft.protocol.tls.ClusterTls;
import dev.weft.protocol.tls.TlsMaterial;
import dev.weft.protocol.DataTicket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One data-channel transfer on the asking side: connects to the ticket's worker, sends the token
 * (over TLS, presenting this node's certificate and accepting only the cluster CA's, when the
 * cluster runs with TLS) and copies exactly the ticket's length of incoming bytes into their final
 * place — one byte array for a serialized value, or the primitive array itself for a ticket with
 * a raw layout (see {@link RawArrays}) — straight from the socket's buffers, with no copy between;
 * fails if the connection ends early or brings more than announced. Runs on one event loop.
 */
final class DataChannelReader {

  /** Fails a transfer that receives nothing for this long. */
  private static final int IDLE_TIMEOUT_SECONDS = 60;

  private final DataTicket ticket;
  private final NetSocket socket;
  /** Completed once: with the fill's target when all arrived, or failed; later outcomes are ignored. */
  private final Promise<Object> result = Promise.promise();
  /** {@link System#nanoTime()} when the connection was asked for. */
  private final long startNanos;
  /** Where the bytes go; it never takes more than the ticket's length. */
  private final ValueFill fill;

  private DataChannelReader(DataTicket ticket, NetSocket socket, long startNanos, ValueFill fill) {
    this.ticket = ticket;
    this.socket = socket;
    this.startNanos = startNanos;
    this.fill = fill;
  }

  /** Reads the bytes of {@code ticket}, or its array when it has a raw layout; the connection is closed when this completes. */
  static Future<Object> fetch(Vertx vertx, DataTicket ticket) {
    ValueFill fill;
    try {
      fill = new ValueFill(ticket.layout(), ticket.length());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    NetClientOptions options = new NetClientOptions();
    TlsMaterial tls = ClusterTls.of(vertx);
    if (tls != null) {
      tls.secure(options);
    }
    NetClient client = vertx.createNetClient(options
        .setConnectTimeout(10_000)
        .setTcpNoDelay(true)
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
        .setIdleTimeoutUnit(TimeUnit.SECONDS));
    long start = System.nanoTime();
    return client.connect(ticket.port(), ticket.host())
        .compose(socket -> new DataChannelReader(ticket, socket, start, fill).run())
        .andThen(ar -> client.close());
  }

  private Future<Object> run() {
    NetSocketInternal internal = (NetSocketInternal) socket;
    // Reads of up to a chunk each, not Netty's adaptive guess (at most 64 KiB): a large value is
    // then as few reads, and copies, as the sender's writes.
    internal.channelHandlerContext().channel().config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(DataChannel.CHUNK_BYTES));
    internal.messageHandler(this::onMessage);
    socket.exceptionHandler(result::tryFail);
    socket.closeHandler(v -> result.tryFail(new IllegalStateException("data channel " + ticket.host() + ":"
        + ticket.port() + " closed after " + fill.received() + " of " + ticket.length() + " bytes")));
    socket.write(Buffer.buffer(ticket.token(), StandardCharsets.US_ASCII.name()));
    if (ticket.length() == 0) {
      finish();
    }
    return result.future();
  }

  /** One read of the socket, as Netty gave it (released here). */
  private void onMessage(Object message) {
    if (!(message instanceof ByteBuf in)) {
      ReferenceCountUtil.release(message);
      return;
    }
    try {
      int n = in.readableBytes();
      if (n > ticket.length() - fill.received()) {
        result.tryFail(new IllegalStateException("data channel sent more than the announced " + ticket.length() + " bytes"));
        socket.close();
        return;
      }
      fill.accept(in.nioBuffer());
    } finally {
      in.release();
    }
    if (fill.received() == ticket.length()) {
      finish();
    }
  }

  private void finish() {
    if (!result.future().isComplete()) {
      // Counted before completing: whoever waits on the result may read the counts at once.
      DataChannel.received(ticket.length(), System.nanoTime() - startNanos);
      result.complete(fill.target());
    }
    socket.close();
  }
}
