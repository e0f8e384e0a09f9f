package dev.weft.worker.verticle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.DataTicket;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.ValueSerializer;
import io.vertx.core.Vertx;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data channel over loopback inside one JVM: exact bytes, one-time tokens, expiry. */
class DataChannelServerTest {

  private Vertx vertx;
  private DataChannelServer server;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = new DataChannelServer(vertx, "127.0.0.1", 60_000);
    server.start().await();
  }

  @AfterEach
  void stop() {
    server.close().await();
    vertx.close().await();
  }

  private static ValueSerializer.Serialized slice(byte[] bytes) {
    return new ValueSerializer.Serialized(bytes, bytes.length);
  }

  @Test
  void onlyTheSliceIsSent() {
    byte[] array = random(2 * DataChannel.CHUNK_BYTES, 4);
    int length = DataChannel.CHUNK_BYTES + 17;
    byte[] back = DataChannel.fetch(vertx, server.offer(new ValueSerializer.Serialized(array, length))).await();
    assertArrayEquals(java.util.Arrays.copyOf(array, length), back);
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void aTicketYieldsExactlyTheOfferedBytesOnce() {
    byte[] bytes = random(5 * DataChannel.CHUNK_BYTES + 12_345, 1);
    DataTicket ticket = server.offer(slice(bytes));
    assertEquals("127.0.0.1", ticket.host());
    assertEquals(server.port(), ticket.port());
    assertEquals(bytes.length, ticket.length());
    assertEquals(DataChannel.TOKEN_LENGTH, ticket.token().length());
    DataChannel.Stats before = DataChannel.stats();
    assertArrayEquals(bytes, DataChannel.fetch(vertx, ticket).await());
    DataChannel.Stats after = DataChannel.stats();
    assertEquals(before.valuesReceived() + 1, after.valuesReceived());
    assertEquals(before.bytesReceived() + bytes.length, after.bytesReceived());
    assertEquals(0, server.pending());

    IllegalStateException again = assertThrows(IllegalStateException.class, () -> DataChannel.fetch(vertx, ticket).await());
    assertTrue(again.getMessage().contains("closed after 0 of"), again.getMessage());
  }

  @Test
  void anUnknownTokenGetsNothing() {
    DataTicket forged = new DataTicket("127.0.0.1", server.port(), "0".repeat(DataChannel.TOKEN_LENGTH), 10);
    assertThrows(IllegalStateException.class, () -> DataChannel.fetch(vertx, forged).await());
  }

  @Test
  void severalTransfersAtOnceEachGetTheirOwnBytes() {
    byte[] a = random(3 * DataChannel.CHUNK_BYTES, 2);
    byte[] b = random(2 * DataChannel.CHUNK_BYTES + 1, 3);
    var fa = DataChannel.fetch(vertx, server.offer(slice(a)));
    var fb = DataChannel.fetch(vertx, server.offer(slice(b)));
    assertArrayEquals(a, fa.await());
    assertArrayEquals(b, fb.await());
  }

  @Test
  void anUnclaimedTicketExpires() {
    DataChannelServer shortLived = new DataChannelServer(vertx, "127.0.0.1", 50);
    shortLived.start().await();
    try {
      shortLived.offer(slice(new byte[16]));
      assertEquals(1, shortLived.pending());
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (shortLived.pending() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(0, shortLived.pending(), "expired");
    } finally {
      shortLived.close().await();
    }
  }

  @Test
  void aValueRoundTripsThroughSerializerAndChannel() {
    double[] values = new double[300_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 1.5;
    }
    DataTicket ticket = server.offer(Serializers.DEFAULT.serializeToSlice(values));
    Object back = DataChannel.fetchValue(vertx, ticket, Serializers.DEFAULT, getClass().getClassLoader()).await();
    assertArrayEquals(values, (double[]) back);
  }

  @Test
  void aPrimitiveArrayTravelsRawAndArrivesAsTheArray() {
    double[] values = new Random(5).doubles(3 * DataChannel.CHUNK_BYTES / 8 + 333).toArray();
    DataTicket ticket = server.offerArray(values);
    assertEquals("double[]", ticket.layout());
    assertEquals(8L * values.length, ticket.length());
    Object back = DataChannel.fetchValue(vertx, ticket, Serializers.DEFAULT, getClass().getClassLoader()).await();
    assertArrayEquals(values, (double[]) back);

    int[] ints = new Random(6).ints(DataChannel.CHUNK_BYTES / 4 + 1).toArray();
    assertArrayEquals(ints, (int[]) DataChannel.fetchValue(vertx, server.offerArray(ints), Serializers.DEFAULT,
        getClass().getClassLoader()).await());
    assertEquals(0, server.outstandingBytes(), "sent whole, nothing held");
  }

  @Test
  void aRawTicketWithABadLayoutOrLengthFailsClearlyWithoutConnecting() {
    DataTicket unknown = new DataTicket("127.0.0.1", server.port(), "0".repeat(DataChannel.TOKEN_LENGTH), 16, "Object[]");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataChannel.fetchValue(vertx, unknown, Serializers.DEFAULT, getClass().getClassLoader()).await());
    assertEquals("unknown array layout 'Object[]'", e.getMessage());
    DataTicket ragged = new DataTicket("127.0.0.1", server.port(), "0".repeat(DataChannel.TOKEN_LENGTH), 12, "double[]");
    assertThrows(IllegalArgumentException.class,
        () -> DataChannel.fetchValue(vertx, ragged, Serializers.DEFAULT, getClass().getClassLoader()).await());
    assertThrows(IllegalArgumentException.class, () -> DataChannel.fetch(vertx, server.offerArray(new long[4])).await(),
        "fetch reads serialized bytes only");
  }
}
