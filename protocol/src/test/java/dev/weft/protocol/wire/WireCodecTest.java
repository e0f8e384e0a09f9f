package dev.weft.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.weft.protocol.ClientGoodbye;
import dev.weft.protocol.ClientHello;
import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.DataReply;
import dev.weft.protocol.DataTicket;
import dev.weft.protocol.DependencyRef;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.GetData;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.KeyErred;
import dev.weft.protocol.KeyInMemory;
import dev.weft.protocol.KeyLost;
import dev.weft.protocol.Locations;
import dev.weft.protocol.LongRunning;
import dev.weft.protocol.Message;
import dev.weft.protocol.MissingData;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Priority;
import dev.weft.protocol.Query;
import dev.weft.protocol.QueryKind;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.ReleaseKeys;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.RunFunction;
import dev.weft.protocol.RunResult;
import dev.weft.protocol.ScatterData;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.SchedulerSnapshot;
import dev.weft.protocol.Story;
import dev.weft.protocol.TaskRun;
import dev.weft.protocol.TaskStreamReply;
import dev.weft.protocol.TaskStreamQuery;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.StackFrame;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.TaskErred;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.UpdateGraph;
import dev.weft.protocol.WorkerGoodbye;
import dev.weft.protocol.WorkerLost;
import dev.weft.protocol.WorkerSnapshot;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every concrete {@link Message} survives the binary wire form: one or more non-trivial samples
 * per type (nested records, lists, maps, payloads, nulls where a component allows them, extreme
 * numbers) are encoded and decoded and must come back equal. {@link #everyMessageTypeHasASample}
 * fails when a message type is added without a sample here.
 */
class WireCodecTest {

  private final WireCodec codec = new WireCodec(Serializers.DEFAULT);

  // ---------------------------------------------------------------- samples

  private static Payload payload(Object value) {
    return Payload.of(value);
  }

  /** A map that keeps insertion order and allows null values (Map.of does neither). */
  @SafeVarargs
  private static <K, V> Map<K, V> map(Map.Entry<K, V>... entries) {
    Map<K, V> m = new LinkedHashMap<>();
    for (Map.Entry<K, V> e : entries) {
      m.put(e.getKey(), e.getValue());
    }
    return m;
  }

  private static <K, V> Map.Entry<K, V> e(K k, V v) {
    return new java.util.AbstractMap.SimpleEntry<>(k, v);
  }

  private static List<String> listWithNull(String... values) {
    return new ArrayList<>(Arrays.asList(values));
  }

  private static RemoteError fullError() {
    return new RemoteError(
        "java.lang.IllegalStateException",
        "boom – ünïcødé ✓",
        List.of(
            new StackFrame("dev.weft.Example", "run", "Example.java", 42),
            new StackFrame("java.base/jdk.internal.Native", "call", null, -2),
            new StackFrame("", "", "", Integer.MAX_VALUE)),
        payload(new IllegalStateException("boom")));
  }

  private static RemoteError bareError() {
    return new RemoteError("java.lang.Error", null, List.of(), null);
  }

  private static TaskSpec spec(String key, List<String> deps, TaskOptions options) {
    Object[] args = {1, "two", new DependencyRef(deps.isEmpty() ? "none" : deps.get(0)), List.of(3L, 4L), null};
    return new TaskSpec(key, "inc", payload("function-bytes-stand-in"), payload(args), deps, options);
  }

  private static TaskOptions richOptions() {
    return new TaskOptions(
        -7, 3, List.of("w1", "w2"), true, map(e("GPU", 1.0), e("MEM", 0.25), e("NaN", Double.NaN)));
  }

  /** Samples for every message type; several for some, to cover nulls and empty collections. */
  static List<Message> samples() {
    List<Message> s = new ArrayList<>();
    s.add(new Ack("scheduler"));
    s.add(new Ack(null));
    s.add(new AddKeys("w1", map(e("x", 8L), e("y", Long.MAX_VALUE), e("z", -1L))));
    s.add(new AddKeys("w1", Map.of()));
    s.add(new Batch(List.of(new ClientHello("c1"), new FreeKeys(List.of("a", "b")), new KeyLost("k"))));
    s.add(new Batch(List.of()));
    s.add(new CancelKeys("c1", List.of("a", "b", "c")));
    s.add(new ClientGoodbye("c1"));
    s.add(new ClientHello("client-✓"));
    s.add(new ComputeTask(
        spec("inc-1", List.of("a", "b"), richOptions()),
        new Priority(-3, Long.MAX_VALUE, Long.MIN_VALUE),
        map(e("a", List.of("w2", "w3")), e("b", List.of()))));
    s.add(new ComputeTask(spec("root", List.of(), TaskOptions.DEFAULT), new Priority(0, 0, 0), Map.of()));
    s.add(new DataReply(map(e("a", payload(List.of(1, 2, 3))), e("b", payload(null)), e("c", null)),
        List.of("d", "e")));
    s.add(new DataReply(map(e("a", payload("small"))), List.of(),
        map(e("big", new DataTicket("127.0.0.1", 40123, "3f1c0d9e-token", (1L << 33) + 7)))));
    s.add(new FreeKeys(listWithNull("a", null, "")));
    s.add(new GetData(List.of("a")));
    s.add(new GetData(List.of("a", "b"), "another-jvm"));
    s.add(new Heartbeat("w1", 4, Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, 187.5, 1L << 35));
    s.add(new KeyCancelled("k", "cancelled by client"));
    s.add(new KeyErred("k", fullError()));
    s.add(new KeyErred("k", null));
    s.add(new KeyInMemory("k", "java.lang.Integer", List.of("w1", "w2"), payload(42)));
    s.add(new KeyInMemory("k", "big.Thing", List.of("w1"), null));
    s.add(new KeyLost("k"));
    s.add(new Locations(map(e("a", List.of("w1")), e("b", List.of("w1", "w2")), e("c", List.of()))));
    s.add(new Story("inc-1", List.of("RELEASED->WAITING UpdateGraph @5", "WAITING->PROCESSING UpdateGraph @5")));
    s.add(new Story("empty", List.of()));
    s.add(new LongRunning("w1", "k"));
    s.add(new MissingData("w1", "k", "w2"));
    s.add(new Query(QueryKind.WHO_HAS, List.of("a", "b")));
    s.add(new Query(QueryKind.INFO, List.of()));
    s.add(new RegisterWorker("w1", 8, 1L << 40, map(e("GPU", 2.0), e("slots", 0.5))));
    s.add(new ReleaseKeys("c1", List.of("a")));
    s.add(new RunFunction(payload("fn")));
    s.add(new UploadJar("extra.jar", Payload.of(new byte[] {80, 75, 3, 4, 0, -1})));
    s.add(new RunResult("w1", payload(Map.of("answer", 42)), null));
    s.add(new RunResult("w1", null, fullError()));
    s.add(new ScatterData("c1", map(e("x", payload(new int[] {1, 2, 3})), e("y", payload("y"))), true));
    s.add(new ScatterData("c1", Map.of(), false));
    s.add(new SchedulerSnapshot(
        "weft.scheduler",
        List.of(
            new WorkerSnapshot("w1", 4, 1L << 30, map(e("GPU", 1.0)), 3, 10, 12345L),
            new WorkerSnapshot("w2", 1, 0, Map.of(), 0, 0, 0)),
        map(e("memory", 10L), e("processing", 3L)), "http://127.0.0.1:8787/status"));
    s.add(new SchedulerSnapshot("weft.scheduler", List.of(), Map.of(), ""));
    s.add(new TaskStreamQuery(1_700_000_000_000L));
    s.add(new TaskStreamReply(List.of(
        new TaskRun("inc-1", "inc", "w1", 0, 1_700_000_000_000L, 1_700_000_000_004L, true),
        new TaskRun("boom-2", "boom", "w2", 3, 5L, 9L, false))));
    s.add(new TaskStreamReply(List.of()));
    s.add(new StoreData(map(e("x", payload(1)), e("y", payload("two")))));
    s.add(new TaskErred("w1", "k", fullError(), 100L, 250L));
    s.add(new TaskErred("w1", "k", bareError(), -1L, 0L));
    s.add(new TaskFinished("w1", "k", 8L, "java.lang.Integer", 1_700_000_000_000L, 1_700_000_000_005L,
        payload(7)));
    s.add(new TaskFinished("w1", "k", -1L, null, 0, 0, null));
    s.add(new UpdateGraph("c1",
        List.of(spec("a", List.of(), TaskOptions.DEFAULT), spec("b", List.of("a"), richOptions())),
        List.of("b")));
    s.add(new UpdateGraph(UpdateGraph.FIRE_AND_FORGET, List.of(), List.of()));
    s.add(new WorkerGoodbye("w1"));
    s.add(new WorkerLost("w1", "process exited with code 137"));
    s.add(new WorkerLost("w1", null));
    return s;
  }

  // ---------------------------------------------------------------- tests

  @Test
  void everyMessageTypeHasASample() {
    Set<String> sampled = new TreeSet<>();
    for (Message m : samples()) {
      sampled.add(m.getClass().getName());
    }
    Set<String> declared = new TreeSet<>();
    for (Class<?> c : RecordWire.messageTypes()) {
      declared.add(c.getName());
    }
    Set<String> missing = new TreeSet<>(declared);
    missing.removeAll(sampled);
    assertTrue(missing.isEmpty(), "message types without a sample in WireCodecTest.samples(): " + missing);
    assertEquals(declared, sampled);
    assertEquals(declared.size(), RecordWire.messageTypes().size(), "message types listed twice");
  }

  @Test
  void everySampleRoundTrips() {
    for (Message m : samples()) {
      Buffer bytes = codec.encode(m);
      Message back = codec.decode(bytes);
      assertNotSame(m, back);
      assertEquals(m, back, () -> "round trip of " + m);
      // Re-encoding the decoded message gives the same bytes: payload bytes pass through untouched.
      assertArrayEquals(bytes.getBytes(), codec.encode(back).getBytes(), () -> "re-encoding of " + m);
    }
  }

  @Test
  void decodedPayloadsHoldTheOriginalValues() {
    ComputeTask original = (ComputeTask) samples().stream().filter(ComputeTask.class::isInstance).findFirst().orElseThrow();
    ComputeTask back = (ComputeTask) codec.decode(codec.encode(original));
    Object[] args = (Object[]) back.spec().args().value();
    assertEquals(List.of(1, "two", new DependencyRef("a"), List.of(3L, 4L)), Arrays.asList(args).subList(0, 4));
    assertNull(args[4]);
    assertEquals("function-bytes-stand-in", back.spec().function().value());
    assertTrue(Double.isNaN(back.spec().options().resources().get("NaN")));
    assertEquals(List.of("GPU", "MEM", "NaN"), new ArrayList<>(back.spec().options().resources().keySet()),
        "map order survives");

    DataReply reply = (DataReply) codec.decode(codec.encode(
        new DataReply(map(e("a", payload(List.of(1, 2))), e("nullValue", payload(null)), e("noPayload", null)),
            List.of())));
    assertEquals(List.of(1, 2), reply.data().get("a").value());
    assertNull(reply.data().get("nullValue").value());
    assertTrue(reply.data().containsKey("noPayload"));
    assertNull(reply.data().get("noPayload"));

    KeyErred erred = (KeyErred) codec.decode(codec.encode(new KeyErred("k", fullError())));
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
    List<Message> samples = samples();
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
    Batch inner = new Batch(List.of(new KeyLost("k1"), new KeyLost("k2")));
    Batch batch = new Batch(List.of(
        new TaskFinished("w1", "a", 8L, "java.lang.Integer", 1, 2, payload(1)),
        new AddKeys("w1", map(e("b", 16L))),
        new MissingData("w1", "c", "w2"),
        new ComputeTask(spec("d", List.of("a"), richOptions()), new Priority(1, 2, 3), map(e("a", List.of("w1")))),
        inner,
        new Ack("x")));
    Buffer buffer = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(buffer, batch);
    Message back = codec.decodeFromWire("prefix".length(), buffer);
    Batch b = assertInstanceOf(Batch.class, back);
    assertEquals(6, b.messages().size());
    assertEquals(batch, b);
    assertEquals(batch.messages().stream().map(Object::getClass).toList(),
        b.messages().stream().map(Object::getClass).toList());
    assertEquals(inner, b.messages().get(4));
  }

  @Test
  void unknownTagIsRejected() {
    int n = RecordWire.messageTypes().size();
    assertTrue(n < 255);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> codec.decode(Buffer.buffer().appendByte((byte) n)));
    assertTrue(e.getMessage().contains("unknown message tag " + n), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> codec.decode(Buffer.buffer().appendByte((byte) 0xff)));

    // Also inside a batch, and through the event-bus entry point.
    Buffer batch = codec.encode(new Batch(List.of(new KeyLost("k"))));
    byte[] bytes = batch.getBytes();
    int innerTag = bytes.length - 1 - 1 - "k".length(); // tag, varint length, "k"
    assertEquals(tagOf(KeyLost.class), bytes[innerTag]);
    bytes[innerTag] = (byte) n;
    assertThrows(IllegalArgumentException.class, () -> codec.decode(Buffer.buffer(bytes)));

    Buffer wire = Buffer.buffer().appendByte((byte) 5).appendInt(1).appendByte((byte) 0xfe);
    assertThrows(IllegalArgumentException.class, () -> codec.decodeFromWire(1, wire));
  }

  @Test
  void tagsAreDistinctAndStable() {
    List<Class<?>> types = RecordWire.messageTypes();
    assertEquals(types.size(), new HashSet<>(types).size());
    for (Class<?> c : types) {
      assertTrue(c.isRecord() && Message.class.isAssignableFrom(c), c + " is a message record");
    }
    // The first byte of an encoding is the type's index in messageTypes().
    for (Message m : samples()) {
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
