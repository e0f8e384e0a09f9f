package dev.weft.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Batch;
import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.KeyLost;
import dev.weft.protocol.MalformedMessageException;
import dev.weft.protocol.Message;
import dev.weft.protocol.Query;
import dev.weft.protocol.QueryKind;
import dev.weft.protocol.RunFunction;
import dev.weft.protocol.ScatterData;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.WorkerGoodbye;
import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bytes that are not a message's encoding give {@link MalformedMessageException} and nothing else:
 * truncated frames, counts and lengths larger than the frame, bad varints, tags, ordinals and flags,
 * nested batches, trailing bytes and bad frame lengths.
 */
class MalformedFrameTest {

  /** Announced element count of the oversized frames: 200 million. */
  private static final int HUGE = 200_000_000;

  private final WireCodec codec = new WireCodec(Serializers.DEFAULT);

  @Test
  void everySampleTruncatedAtEveryLengthIsMalformed() {
    for (Message m : SampleMessages.all()) {
      byte[] body = codec.encode(m).getBytes();
      Buffer wire = Buffer.buffer();
      codec.encodeToWire(wire, m);
      for (int n = 0; n < body.length; n++) {
        byte[] cut = Arrays.copyOf(body, n);
        assertMalformed(() -> codec.decode(Buffer.buffer(cut)), m, n);
        // The frame length says the cut length, or still the full one.
        Buffer relabelled = Buffer.buffer().appendInt(n + 4).appendInt(WireCodec.PROTOCOL_VERSION).appendBytes(cut);
        assertMalformed(() -> codec.decodeFromWire(0, relabelled), m, n);
        Buffer shortWire = wire.getBuffer(0, 8 + n);
        assertMalformed(() -> codec.decodeFromWire(0, shortWire), m, n);
      }
      for (int n = 0; n < 8; n++) {
        Buffer noLength = wire.getBuffer(0, n);
        assertMalformed(() -> codec.decodeFromWire(0, noLength), m, n);
      }
    }
  }

  @Test
  void aTenByteFrameAnnouncingAHugeListIsRejectedWithoutAllocatingForIt() {
    Buffer frame = Buffer.buffer().appendByte(tag(FreeKeys.class)).appendBytes(varInt(HUGE)).appendBytes(new byte[5]);
    assertEquals(10, frame.length());
    Buffer wire = Buffer.buffer().appendInt(frame.length() + 4).appendInt(WireCodec.PROTOCOL_VERSION).appendBuffer(frame);
    codec.decode(codec.encode(new FreeKeys(List.of("warm-up"), "")));

    long before = allocatedBytes();
    MalformedMessageException e = assertTimeout(Duration.ofSeconds(1),
        () -> assertThrows(MalformedMessageException.class, () -> codec.decode(frame)));
    MalformedMessageException viaWire = assertThrows(MalformedMessageException.class, () -> codec.decodeFromWire(0, wire));
    long allocated = allocatedBytes() - before;

    assertEquals("frame announces " + HUGE + " list elements with 5 bytes left", e.getMessage());
    assertEquals(e.getMessage(), viaWire.getMessage());
    assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes to reject a 10-byte frame");
  }

  @Test
  void hugeMapsStringsAndPayloadsAreRejectedBeforeAllocating() {
    for (Class<?> type : List.of(StoreData.class, WorkerGoodbye.class, RunFunction.class)) {
      Buffer frame = Buffer.buffer().appendByte(tag(type)).appendBytes(varInt(HUGE)).appendBytes(new byte[5]);
      MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(frame));
      assertTrue(e.getMessage().startsWith("frame announces "), e.getMessage());
    }
  }

  @Test
  void negativeCountsAreRejected() {
    Buffer frame = Buffer.buffer().appendByte(tag(FreeKeys.class)).appendBytes(varInt(-1));
    assertEquals("frame announces -1 list elements with 0 bytes left",
        assertThrows(MalformedMessageException.class, () -> codec.decode(frame)).getMessage());
  }

  @Test
  void varintsLongerThanFiveBytesOrWiderThan32BitsAreRejected() {
    byte f = (byte) 0xff;
    Buffer tooLong = Buffer.buffer().appendByte(tag(FreeKeys.class)).appendBytes(new byte[] {f, f, f, f, f, 0});
    assertEquals("varint longer than 5 bytes",
        assertThrows(MalformedMessageException.class, () -> codec.decode(tooLong)).getMessage());
    Buffer tooWide = Buffer.buffer().appendByte(tag(FreeKeys.class)).appendBytes(new byte[] {f, f, f, f, 0x1f});
    assertEquals("varint overflows 32 bits",
        assertThrows(MalformedMessageException.class, () -> codec.decode(tooWide)).getMessage());
  }

  @Test
  void enumOrdinalsAreRangeChecked() {
    byte[] bytes = codec.encode(new Query(QueryKind.INFO, List.of())).getBytes();
    bytes[1] = (byte) QueryKind.values().length;
    assertEquals("no QueryKind with ordinal " + QueryKind.values().length,
        assertThrows(MalformedMessageException.class, () -> codec.decode(Buffer.buffer(bytes))).getMessage());
  }

  @Test
  void booleansAndPresenceFlagsAreZeroOrOne() {
    byte[] scatter = codec.encode(new ScatterData("c", Map.of(), true)).getBytes();
    scatter[scatter.length - 1] = 2;
    assertThrows(MalformedMessageException.class, () -> codec.decode(Buffer.buffer(scatter)));

    byte[] compute = codec.encode(SampleMessages.valid().stream()
        .filter(ComputeTask.class::isInstance).findFirst().orElseThrow()).getBytes();
    compute[1] = 2; // the spec's presence flag
    assertThrows(MalformedMessageException.class, () -> codec.decode(Buffer.buffer(compute)));
  }

  @Test
  void aBatchInsideABatchIsRejected() {
    Buffer nested = Buffer.buffer()
        .appendByte(tag(Batch.class)).appendByte((byte) 1)
        .appendByte(tag(Batch.class)).appendByte((byte) 0);
    assertEquals("a Batch may not contain a Batch",
        assertThrows(MalformedMessageException.class, () -> codec.decode(nested)).getMessage());
  }

  @Test
  void aRepeatedMapKeyIsRejected() {
    // StoreData: 2 entries, each key "a" (length + 1, 'a') with a one-byte payload (length + 1, 0).
    Buffer frame = Buffer.buffer().appendByte(tag(StoreData.class)).appendByte((byte) 2)
        .appendBytes(new byte[] {2, 'a', 2, 0})
        .appendBytes(new byte[] {2, 'a', 2, 0});
    assertEquals("map of 2 entries repeats a key",
        assertThrows(MalformedMessageException.class, () -> codec.decode(frame)).getMessage());
  }

  @Test
  void trailingBytesAreRejected() {
    Buffer bytes = codec.encode(new KeyLost("k")).appendByte((byte) 0);
    assertEquals("1 trailing bytes after a KeyLost",
        assertThrows(MalformedMessageException.class, () -> codec.decode(bytes)).getMessage());
  }

  @Test
  void frameLengthsMustBeNonNegativeAndFitTheBuffer() {
    Buffer body = codec.encode(new KeyLost("k"));
    Buffer negative = Buffer.buffer().appendInt(-1).appendInt(WireCodec.PROTOCOL_VERSION).appendBuffer(body);
    assertThrows(MalformedMessageException.class, () -> codec.decodeFromWire(0, negative));
    Buffer tooLong = Buffer.buffer().appendInt(body.length() + 5).appendInt(WireCodec.PROTOCOL_VERSION).appendBuffer(body);
    assertThrows(MalformedMessageException.class, () -> codec.decodeFromWire(0, tooLong));
    Buffer huge = Buffer.buffer().appendInt(Integer.MAX_VALUE).appendInt(WireCodec.PROTOCOL_VERSION).appendBuffer(body);
    assertThrows(MalformedMessageException.class, () -> codec.decodeFromWire(0, huge));
    Buffer fine = Buffer.buffer().appendInt(body.length() + 4).appendInt(WireCodec.PROTOCOL_VERSION).appendBuffer(body);
    Buffer noVersion = Buffer.buffer().appendInt(3).appendBytes(new byte[3]);
    assertEquals("frame of 3 bytes has no protocol version",
        assertThrows(MalformedMessageException.class, () -> codec.decodeFromWire(0, noVersion)).getMessage());
    assertEquals(new KeyLost("k"), codec.decodeFromWire(0, fine));
    assertThrows(MalformedMessageException.class, () -> codec.decodeFromWire(-1, fine));
    assertThrows(MalformedMessageException.class, () -> codec.decodeFromWire(fine.length() - 3, fine));
    assertThrows(MalformedMessageException.class, () -> codec.decodeFromWire(Integer.MAX_VALUE, fine));
  }

  private static void assertMalformed(Runnable decode, Message sample, int length) {
    assertThrows(MalformedMessageException.class, decode::run, () -> sample + " cut to " + length + " bytes");
  }

  private static byte tag(Class<?> type) {
    return (byte) RecordWire.messageTypes().indexOf(type);
  }

  private static byte[] varInt(int v) {
    Buffer out = Buffer.buffer();
    while ((v & ~0x7f) != 0) {
      out.appendByte((byte) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    return out.appendByte((byte) v).getBytes();
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }
}
