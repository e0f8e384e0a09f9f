package dev.weft.worker.verticle;

import dev.weft.protocol.DataTicket;
import dev.weft.protocol.ValueSerializer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The direct data channel between JVMs for values too large for an event-bus message. A worker
 * serializes such a value once (a primitive array is not serialized: its elements are written
 * raw, see {@link RawArrays}), keeps it under a one-time token ({@link DataChannelServer})
 * and answers the {@code GetData} with a {@link DataTicket}; the asker (a peer worker or a client)
 * connects to the worker's {@code NetServer}, sends the token and reads exactly the ticket's
 * length ({@link DataChannelReader}). Writes are {@link #CHUNK_BYTES} long and follow the socket's
 * back-pressure. Inside one JVM there is no channel: values go by reference.
 */
public final class DataChannel {

  /** Serialized size above which a worker hands out a ticket instead of inlining a value. */
  public static final long DEFAULT_THRESHOLD_BYTES = 1L << 20;
  /** Size of one socket write: about 1 MB is what reaches loopback speed here. */
  public static final int CHUNK_BYTES = 1 << 20;
  /** How long an unclaimed ticket stays valid. */
  public static final long DEFAULT_TICKET_TTL_MILLIS = 120_000;
  /** Length of a token in ASCII characters (128 random bits in hex). */
  static final int TOKEN_LENGTH = 32;

  /** Values fully written to askers by this JVM; only grows. */
  private static final AtomicLong VALUES_SENT = new AtomicLong();
  /** Bytes of those values; only grows. */
  private static final AtomicLong BYTES_SENT = new AtomicLong();
  /** Values fully read from a channel by this JVM; only grows. */
  private static final AtomicLong VALUES_RECEIVED = new AtomicLong();
  /** Bytes of those values; only grows. */
  private static final AtomicLong BYTES_RECEIVED = new AtomicLong();
  /** Nanoseconds those reads took, each from connecting to the last byte; only grows. */
  private static final AtomicLong RECEIVE_NANOS = new AtomicLong();

  private DataChannel() {}

  /** Reads the serialized bytes a ticket stands for from the worker that issued it (a ticket of a raw array fails). */
  public static Future<byte[]> fetch(Vertx vertx, DataTicket ticket) {
    if (!ticket.layout().isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("the ticket is for a " + ticket.layout() + ", not serialized bytes"));
    }
    return DataChannelReader.fetch(vertx, ticket).map(bytes -> (byte[]) bytes);
  }

  /**
   * Reads the value a ticket stands for: a primitive array sent raw is the value as read; serialized
   * bytes are decoded with {@code serializer} and {@code loader} on a worker thread of
   * {@code vertx}, never on an event loop.
   */
  public static Future<Object> fetchValue(Vertx vertx, DataTicket ticket, ValueSerializer serializer, ClassLoader loader) {
    if (!ticket.layout().isEmpty()) {
      return DataChannelReader.fetch(vertx, ticket);
    }
    return fetch(vertx, ticket).compose(bytes -> vertx.executeBlocking(() -> serializer.deserialize(bytes, loader), false));
  }

  /** Transfer counts of this JVM so far, both directions. */
  public static Stats stats() {
    return new Stats(VALUES_SENT.get(), BYTES_SENT.get(), VALUES_RECEIVED.get(), BYTES_RECEIVED.get(), RECEIVE_NANOS.get());
  }

  static void sent(long bytes) {
    VALUES_SENT.incrementAndGet();
    BYTES_SENT.addAndGet(bytes);
  }

  static void received(long bytes, long nanos) {
    VALUES_RECEIVED.incrementAndGet();
    BYTES_RECEIVED.addAndGet(bytes);
    RECEIVE_NANOS.addAndGet(nanos);
  }

  /**
   * Values and bytes a JVM sent and received over data channels, and the time its reads took from
   * connecting to the last byte (serializable, for {@code client.run}).
   */
  public record Stats(long valuesSent, long bytesSent, long valuesReceived, long bytesReceived, long receiveNanos)
      implements Serializable {}
}
