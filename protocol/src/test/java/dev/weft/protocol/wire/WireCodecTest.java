package dev.weft.protocol.wire;

import static dev.weft.protocol.wire.SampleMessages.e;
import static dev.weft.protocol.wire.SampleMessages.map;
import static dev.weft.protocol.wire.SampleMessages.richOptions;
import static dev.weft.protocol.wire.SampleMessages.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Ack;
import dev.weft.protocol.AddKeys;
import dev.weft.protocol.Batch;
import dev.weft.protocol.CancelKeys;
import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.DataReply;
import dev.weft.protocol.DependencyRef;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.KeyErred;
import dev.weft.protocol.KeyLost;
import dev.weft.protocol.MalformedMessageException;
import dev.weft.protocol.Message;
import dev.weft.protocol.MissingData;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Priority;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.TaskOptions;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every concrete {@link Message} survives the binary wire form: every {@link SampleMessages} sample
 * is encoded and decoded and must come back equal. {@link #everyMessageTypeHasASample} fails when a
 * message type is added without a sample there.
 */
class WireCodecTest {

  private final WireCodec codec = new WireCodec(Serializers.DEFAULT);

  @Test
  void everyMessageTypeHasASample() {
    Set<String> sampled = new TreeSet<>();
    for (Message m : SampleMessages.all()) {
      sampled.add(m.getClass().getName());
    }
    Set<String> declared = new TreeSet<>();
    for (Class<?> c : RecordWire.messageTypes()) {
      declared.add(c.getName());
    }
    Set<String> missing = new TreeSet<>(declared);
    missing.removeAll(sampled);
    assertTrue(missing.isEmpty(), "message types without a sample in SampleMessages: " + missing);
    assertEquals(declared, sampled);
    assertEquals(declared.size(), RecordWire.messageTypes().size(), "message types listed twice");
  }

  @Test
  void everySampleRoundTrips() {
    for (Message m : SampleMessages.all()) {
      Buffer bytes = codec.encode(m);
      Message back = codec.decode(bytes);
      assertNotSame(m, back);
      assertEquals(m, back, () -> "round trip of " + m);
      // Re-encoding the decoded message gives the same bytes: payload bytes pass through untouched.
      assertArrayEquals(bytes.getBytes(), codec.encode(back).getBytes(), () -> "re-encoding of " + m);
    }
  }

  @Test
  void forcedCancelAndInterruptingFreeKeepTheirFlags() {
    assertTrue(((CancelKeys) codec.decode(codec.encode(new CancelKeys("c", List.of("k"), true)))).force());
    assertFalse(((CancelKeys) codec.decode(codec.encode(new CancelKeys("c", List.of("k"))))).force(),
        "a cancel without force interrupts nothing");
    assertTrue(((FreeKeys) codec.decode(codec.encode(new FreeKeys(List.of("k"), "s", true)))).interrupt());
    assertFalse(((FreeKeys) codec.decode(codec.encode(new FreeKeys(List.of("k"), "s")))).interrupt(),
        "a plain free interrupts nothing");
  }

  @Test
  void decodedPayloadsHoldTheOriginalValues() {
    TaskOptions options = new TaskOptions(0, 0, List.of(), false, map(e("GPU", 1.0), e("MEM", 0.25), e("NaN", Double.NaN)));
    ComputeTask original = new ComputeTask(spec("inc-1", List.of("a", "b"), options), new Priority(0, 0, 0), Map.of(), "");
    ComputeTask back = (ComputeTask) codec.decode(codec.encode(original));
    Object[] args = (Object[]) back.spec().args().value();
    assertEquals(List.of(1, "two", new DependencyRef("a"), List.of(3L, 4L)), Arrays.asList(args).subList(0, 4));
    assertNull(args[4]);
    assertEquals("function-bytes-stand-in", back.spec().function().value());
    assertTrue(Double.isNaN(back.spec().options().resources().get("NaN")));
    assertEquals(List.of("GPU", "MEM", "NaN"), new ArrayList<>(back.spec().options().resources().keySet()),
        "map order survives");

    DataReply reply = (DataReply) codec.decode(codec.encode(
        new DataReply(map(e("a", Payload.of(List.of(1, 2))), e("nullValue", Payload.of(null)), e("noPayload", null)),
            List.of())));
    assertEquals(List.of(1, 2), reply.data().get("a").value());
    assertNull(reply.data().get("nullValue").value());
    assertTrue(reply.data().containsKey("noPayload"));
    assertNull(reply.data().get("noPayload"));

    KeyErred erred = (KeyErred) codec.decode(codec.encode(new KeyErred("k", SampleMessages.fullError())));
    Throwable t = (Throwable) erred.error().exception().value();
    assertInstanceOf(IllegalStateException.class, t);
    assertEquals("boom", t.getMessage());
    assertEquals(-2, erred.error().stack().get(1).line());
    assertNull(erred.error().stack().get(1).file());
  }

  @Test
  void wireFormHonoursANonZeroStartPosition() {
    Buffer buffer = Buffer.buffer();
    buffer.appendBytes(new byte[] {9, 9, 9, 9, 9, 9, 9}); // someone else's header
    List<Message> samples = SampleMessages.all();
    List<Integer> starts = new ArrayList<>();
    for (Message m : samples) {
      starts.add(buffer.length());
      codec.encodeToWire(buffer, m);
    }
    buffer.appendBytes(new byte[] {-1, -1, -1}); // trailing garbage is not read
    assertTrue(starts.get(0) > 0);
    for (int i = 0; i < samples.size(); i++) {
      Message m = samples.get(i);
      assertEquals(m, codec.decodeFromWire(starts.get(i), buffer), () -> "at offset of " + m);
    }
    // The length prefix covers exactly one message.
    for (int i = 0; i + 1 < starts.size(); i++) {
      assertEquals(starts.get(i + 1) - starts.get(i) - 4, buffer.getInt(starts.get(i)));
    }
  }

  @Test
  void batchOfSeveralMessagesRoundTrips() {
    KeyLost lost = new KeyLost("k1");
    Batch batch = new Batch(List.of(
        new TaskFinished("w1", "a", 8L, "java.lang.Integer", 1, 2, Payload.of(1), ""),
        new AddKeys("w1", map(e("b", 16L))),
        new MissingData("w1", "c", "w2"),
        new ComputeTask(spec("d", List.of("a"), richOptions()), new Priority(1, 2, 3), map(e("a", List.of("w1"))), ""),
        lost,
        new Ack("x")));
    Buffer buffer = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(buffer, batch);
    Message back = codec.decodeFromWire("prefix".length(), buffer);
    Batch b = assertInstanceOf(Batch.class, back);
    assertEquals(6, b.messages().size());
    assertEquals(batch, b);
    assertEquals(batch.messages().stream().map(Object::getClass).toList(),
        b.messages().stream().map(Object::getClass).toList());
    assertEquals(lost, b.messages().get(4));
  }

  @Test
  void aBatchInsideABatchIsNotEncoded() {
    Batch nested = new Batch(List.of(new KeyLost("k"), new Batch(List.of(new KeyLost("k2")))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.encode(nested));
    assertEquals("a Batch may not contain a Batch", e.getMessage());
  }

  @Test
  void unknownTagIsRejected() {
    int n = RecordWire.messageTypes().size();
    assertTrue(n < 255);
    MalformedMessageException e =
        assertThrows(MalformedMessageException.class, () -> codec.decode(Buffer.buffer().appendByte((byte) n)));
    assertTrue(e.getMessage().contains("unknown message tag " + n), e.getMessage());
    assertThrows(MalformedMessageException.class, () -> codec.decode(Buffer.buffer().appendByte((byte) 0xff)));

    // Also inside a batch, and through the event-bus entry point.
    Buffer batch = codec.encode(new Batch(List.of(new KeyLost("k"))));
    byte[] bytes = batch.getBytes();
    int innerTag = bytes.length - 1 - 1 - "k".length(); // tag, varint length, "k"
    assertEquals(tagOf(KeyLost.class), bytes[innerTag]);
    bytes[innerTag] = (byte) n;
    assertThrows(MalformedMessageException.class, () -> codec.decode(Buffer.buffer(bytes)));

    Buffer wire = Buffer.buffer().appendByte((byte) 5).appendInt(1).appendByte((byte) 0xfe);
    assertThrows(MalformedMessageException.class, () -> codec.decodeFromWire(1, wire));
  }

  @Test
  void tagsAreDistinctAndStable() {
    List<Class<?>> types = RecordWire.messageTypes();
    assertEquals(types.size(), new HashSet<>(types).size());
    for (Class<?> c : types) {
      assertTrue(c.isRecord() && Message.class.isAssignableFrom(c), c + " is a message record");
    }
    // The first byte of an encoding is the type's index in messageTypes().
    for (Message m : SampleMessages.all()) {
      assertEquals(tagOf(m.getClass()), codec.encode(m).getByte(0), () -> "tag of " + m);
    }
  }

  private static byte tagOf(Class<?> type) {
    int i = RecordWire.messageTypes().indexOf(type);
    assertTrue(i >= 0, type + " has a tag");
    return (byte) i;
  }

  @Test
  void inJvmTransformPassesTheSameRecord() {
    Message m = new KeyLost("k");
    assertSame(m, codec.transform(m));
    assertEquals(WireCodec.NAME, codec.name());
  }
}
