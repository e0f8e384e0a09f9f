package dev.weft.worker.verticle;

import dev.weft.protocol.tls.ClusterTls;
import dev.weft.protocol.tls.TlsMaterial;
import dev.weft.protocol.DataTicket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One data-channel transfer on the asking side: connects to the ticket's worker, sends the token
 * (over TLS, presenting this node's certificate and accepting only the cluster CA's, when the
 * cluster runs with TLS) and copies exactly the ticket's length of incoming bytes into one array; fails if the
 * connection ends early or brings more than announced. Runs on one event loop.
 */
final class DataChannelReader {

  /** Fails a transfer that receives nothing for this long. */
  private static final int IDLE_TIMEOUT_SECONDS = 60;

  private final DataTicket ticket;
  private final NetSocket socket;
  /** Completed once: with {@link #bytes} when all arrived, or failed; later outcomes are ignored. */
  private final Promise<byte[]> result = Promise.promise();
  /** {@link System#nanoTime()} when the connection was asked for. */
  private final long startNanos;
  /** The value's bytes; positions [0, {@link #received}) are filled. */
  private final byte[] bytes;
  /** Bytes received so far; only grows, never past {@code bytes.length}. */
  private int received;

  private DataChannelReader(DataTicket ticket, NetSocket socket, long startNanos) {
    this.ticket = ticket;
    this.socket = socket;
    this.startNanos = startNanos;
    this.bytes = new byte[(int) ticket.length()];
  }

  /** Reads the bytes of {@code ticket}; the connection is closed when this completes. */
  static Future<byte[]> fetch(Vertx vertx, DataTicket ticket) {
    if (ticket.length() < 0 || ticket.length() > Integer.MAX_VALUE - 16) {
      return Future.failedFuture(new IllegalArgumentException("cannot hold " + ticket.length() + " bytes in one array"));
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
        .compose(socket -> new DataChannelReader(ticket, socket, start).run())
        .andThen(ar -> client.close());
  }

  private Future<byte[]> run() {
    socket.handler(this::onData);
    socket.exceptionHandler(result::tryFail);
    socket.closeHandler(v -> result.tryFail(new IllegalStateException("data channel " + ticket.host() + ":"
        + ticket.port() + " closed after " + received + " of " + ticket.length() + " bytes")));
    socket.write(Buffer.buffer(ticket.token(), StandardCharsets.US_ASCII.name()));
    if (bytes.length == 0) {
      finish();
    }
    return result.future();
  }

  private void onData(Buffer in) {
    int n = in.length();
    if (n > bytes.length - received) {
      result.tryFail(new IllegalStateException("data channel sent more than the announced " + ticket.length() + " bytes"));
      socket.close();
      return;
    }
    in.getBytes(0, n, bytes, received);
    received += n;
    if (received == bytes.length) {
      finish();
    }
  }

  private void finish() {
    if (!result.future().isComplete()) {
      // Counted before completing: whoever waits on the result may read the counts at once.
      DataChannel.received(bytes.length, System.nanoTime() - startNanos);
      result.complete(bytes);
    }
    socket.close();
  }
}
