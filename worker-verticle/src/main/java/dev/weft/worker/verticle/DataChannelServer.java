package dev.weft.worker.verticle;

import dev.weft.protocol.tls.ClusterTls;
import dev.weft.protocol.tls.TlsMaterial;
import dev.weft.protocol.tls.TlsRefusals;
import dev.weft.protocol.DataTicket;
import dev.weft.protocol.ValueSerializer.Serialized;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker's end of the data channel: a {@code NetServer} on the worker's cluster host (any free
 * port) that hands each offered value to the one connection presenting its token; TLS with a
 * required client certificate when the cluster runs with TLS ({@link ClusterTls}). Offers may be
 * made from any thread; connections are served on the context that started the server.
 */
final class DataChannelServer {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final String host;
  private final long ticketTtlMillis;
  /** Offered values not yet claimed, by token; an entry leaves when claimed or when its ticket expires. */
  private final Map<String, Offer> offers = new ConcurrentHashMap<>();
  /** The listening server; null before {@link #start} and after {@link #close}. */
  private volatile NetServer server;
  /** The bound port; 0 until {@link #start} has completed. */
  private volatile int port;
  /** Bytes offered and not yet sent whole (nor expired, nor dropped by their asker). */
  private final AtomicLong outstanding = new AtomicLong();
  /** Told, on any thread, when outstanding bytes went down. */
  private volatile Runnable onRelease = () -> { };

  DataChannelServer(Vertx vertx, String host, long ticketTtlMillis) {
    this.vertx = vertx;
    this.host = host;
    this.ticketTtlMillis = ticketTtlMillis;
  }

  /** Starts listening; completes once the port is bound. */
  Future<Void> start() {
    NetServerOptions options = new NetServerOptions();
    TlsMaterial tls = ClusterTls.of(vertx);
    if (tls != null) {
      tls.secure(options);
    }
    NetServer s = vertx.createNetServer(options
        .setHost(host)
        .setPort(0)
        .setTcpNoDelay(true)
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, ticketTtlMillis))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    s.connectHandler(this::onConnect);
    server = s;
    return s.listen().map(bound -> {
      port = bound.actualPort();
      TlsRefusals.name(port, "data");
      return null;
    });
  }

  /** Keeps {@code bytes} for one asker and returns the ticket to collect them with. */
  DataTicket offer(Serialized bytes) {
    return offer(bytes, bytes.length(), RawArrays.SERIALIZED);
  }

  /**
   * Keeps {@code array} (a primitive array of a raw layout, see {@link RawArrays}) for one asker,
   * to be written element by element without a serialized copy; returns the ticket.
   */
  DataTicket offerArray(Object array) {
    return offer(array, RawArrays.byteLength(array), RawArrays.layoutOf(array));
  }

  private DataTicket offer(Object payload, long length, String layout) {
    if (port == 0) {
      throw new IllegalStateException("data channel not started");
    }
    byte[] raw = new byte[DataChannel.TOKEN_LENGTH / 2];
    RANDOM.nextBytes(raw);
    String token = HexFormat.of().formatHex(raw);
    outstanding.addAndGet(length);
    // The expiry holds the token and the length only: claimed bytes must not stay reachable from a
    // timer until the ticket would have expired (values served at once all sat in the heap).
    long timer = vertx.setTimer(ticketTtlMillis, id -> {
      if (offers.remove(token) != null) {
        release(length);
      }
    });
    offers.put(token, new Offer(payload, length, timer));
    return new DataTicket(host, port, token, length, layout);
  }

  /** The offer under {@code token}, removing it and its expiry; null when unknown, taken or expired. */
  Offer claim(String token) {
    Offer offer = offers.remove(token);
    if (offer == null) {
      return null;
    }
    vertx.cancelTimer(offer.expiry());
    return offer;
  }

  /**
   * What was offered under a token: {@code payload} (serialized bytes, or a primitive array sent
   * raw) of {@code length} bytes on the wire, and the timer that drops it when the ticket expires.
   */
  record Offer(Object payload, long length, long expiry) {}

  /** Bytes offered and not yet sent whole, expired or dropped: what serving holds in memory now. */
  long outstandingBytes() {
    return outstanding.get();
  }

  /** Sets what to tell when outstanding bytes go down. */
  void onRelease(Runnable r) {
    onRelease = r;
  }

  private void release(long n) {
    outstanding.addAndGet(-n);
    onRelease.run();
  }

  /** Offers not yet claimed. */
  int pending() {
    return offers.size();
  }

  /** The bound port, or 0 before start. */
  int port() {
    return port;
  }

  /** TLS handshakes this server refused (no certificate, another CA, plain TCP). */
  long refusedHandshakes() {
    return port == 0 ? 0 : TlsRefusals.countOnPort(port);
  }

  /** Stops listening and drops unclaimed offers. */
  Future<Void> close() {
    offers.clear();
    outstanding.set(0);
    NetServer s = server;
    server = null;
    return s == null ? Future.succeededFuture() : s.close();
  }

  private void onConnect(NetSocket socket) {
    new DataChannelSender(socket, this::claim, this::release).start();
  }
}
