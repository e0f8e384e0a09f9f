package dev.weft.protocol.tls;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * TLS handshakes this JVM's servers refused (no certificate, a certificate from another CA, plain
 * TCP, an old protocol), counted by channel — "event-bus", "data", "dashboard" — and logged at
 * most once a second per channel with the peer and the reason. Thread-safe: handshakes end on
 * any event loop.
 */
public final class TlsRefusals {

  /** The channels refusals are counted under, in {@link #COUNTS} order. */
  public static final java.util.List<String> CHANNELS = java.util.List.of("event-bus", "data", "dashboard", "other");

  private static final System.Logger LOG = System.getLogger(TlsRefusals.class.getName());
  /** Refusals per channel, indexed as {@link #CHANNELS}; each only grows. */
  private static final AtomicLongArray COUNTS = new AtomicLongArray(CHANNELS.size());
  /** When each channel last logged a refusal (nanoTime; 0: never); a line per channel per second at most. */
  private static final AtomicLongArray LOGGED = new AtomicLongArray(CHANNELS.size());
  /** Channel by local listening port, registered by the server that bound it. */
  private static final Map<Integer, String> BY_PORT = new ConcurrentHashMap<>();
  /** Refusals by local listening port, for the servers named in {@link #BY_PORT}; each only grows. */
  private static final Map<Integer, AtomicLong> ON_PORT = new ConcurrentHashMap<>();

  private TlsRefusals() {}

  /** Names the server listening on {@code port} (one of {@link #CHANNELS}). */
  public static void name(int port, String channel) {
    if (!CHANNELS.contains(channel)) {
      throw new IllegalArgumentException("unknown channel " + channel);
    }
    BY_PORT.put(port, channel);
    ON_PORT.put(port, new AtomicLong());
  }

  /** Refusals so far by the server named on {@code port} (since it was named). */
  public static long countOnPort(int port) {
    AtomicLong n = ON_PORT.get(port);
    return n == null ? 0 : n.get();
  }

  /** Refusals so far on {@code channel}. */
  public static long count(String channel) {
    return COUNTS.get(CHANNELS.indexOf(channel));
  }

  /** Refusals so far on every channel. */
  public static long total() {
    long n = 0;
    for (int i = 0; i < CHANNELS.size(); i++) {
      n += COUNTS.get(i);
    }
    return n;
  }

  /** Counts a handshake refused by the server on {@code local} from {@code remote}, and logs it if due. */
  static void refused(SocketAddress local, SocketAddress remote, Throwable cause) {
    int port = local instanceof InetSocketAddress a ? a.getPort() : -1;
    int i = CHANNELS.indexOf(BY_PORT.getOrDefault(port, "other"));
    COUNTS.incrementAndGet(i);
    AtomicLong onPort = ON_PORT.get(port);
    if (onPort != null) {
      onPort.incrementAndGet();
    }
    long now = System.nanoTime();
    long last = LOGGED.get(i);
    if ((last == 0 || now - last >= 1_000_000_000L) && LOGGED.compareAndSet(i, last, now | 1)) {
      LOG.log(Level.WARNING, "refused a TLS handshake on the " + CHANNELS.get(i) + " port " + port + " from " + remote
          + ": " + reason(cause) + " (" + COUNTS.get(i) + " refused on this channel so far)");
    }
  }

  private static String reason(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String name = root.getClass().getSimpleName();
    if ("NotSslRecordException".equals(name)) {
      return "not TLS (plain bytes)";
    }
    String message = root.getMessage() == null ? name : name + ": " + root.getMessage();
    return message.length() > 200 ? message.substring(0, 200) + "…" : message;
  }
}
