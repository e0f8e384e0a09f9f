package dev.weft.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link ForySerializer}: round trips, the JDK fallback, the format tag, and errors naming the class. */
class ForySerializerTest {

  private final ValueSerializer serializer = Serializers.DEFAULT;
  private final ClassLoader loader = getClass().getClassLoader();

  record Point(int x, double y, String label, List<Integer> tags) implements Serializable {}

  /** Not {@link Serializable}: only Fory can write it. */
  static final class Plain {
    int count = 3;
    String name = "plain";
    Plain self = this;
  }

  /** Serializable, holding something neither Fory nor JDK serialization can write. */
  static final class HoldsThread implements Serializable {
    final Thread thread = Thread.currentThread();
  }

  private Object roundTrip(Object value) {
    return serializer.deserialize(serializer.serialize(value), loader);
  }

  @Test
  void warmingUpTwiceLeavesTheSerializerReadingAndWritingAsBefore() throws Exception {
    ForySerializer fory = new ForySerializer();
    fory.warmUp();
    fory.warmUp();
    TaskFunction f = args -> (Integer) args[0] + 1;
    Object[] back = (Object[]) fory.deserialize(fory.serialize(new Object[] {f, 41}), getClass().getClassLoader());
    assertEquals(42, ((TaskFunction) back[0]).apply(new Object[] {back[1]}));
  }

  @Test
  void smallObjectsRoundTripThroughFory() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("a", 1);
    map.put("b", List.of("x", "y"));
    map.put("c", new int[] {1, 2, 3});
    for (Object v : List.of(42, "text", 3.5, List.of(1, 2, 3), Map.of("k", 7L), new ArrayList<>(List.of("z")))) {
      byte[] bytes = serializer.serialize(v);
      assertEquals(ForySerializer.FORY_TAG, bytes[0], () -> "Fory wrote " + v);
      assertEquals(v, serializer.deserialize(bytes, loader));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) roundTrip(map);
    assertEquals(List.of("a", "b", "c"), new ArrayList<>(back.keySet()));
    assertArrayEquals(new int[] {1, 2, 3}, (int[]) back.get("c"));
  }

  @Test
  void aRecordRoundTrips() {
    Point p = new Point(-1, 2.5, "p", List.of(7, 8));
    byte[] bytes = serializer.serialize(p);
    assertEquals(ForySerializer.FORY_TAG, bytes[0]);
    assertEquals(p, serializer.deserialize(bytes, loader));
  }

  @Test
  void nullRoundTrips() {
    assertNull(roundTrip(null));
  }

  @Test
  void aMillionDoublesRoundTripCompactly() {
    double[] a = new double[1_000_000];
    for (int i = 0; i < a.length; i++) {
      a[i] = i * 0.5;
    }
    byte[] bytes = serializer.serialize(a);
    assertEquals(ForySerializer.FORY_TAG, bytes[0]);
    assertTrue(bytes.length < 8_000_000 + 64, "about 8 bytes a double: " + bytes.length);
    assertArrayEquals(a, (double[]) serializer.deserialize(bytes, loader));
  }

  @Test
  void aSliceHoldsTheSameBytesAsTheExactArray() {
    double[] a = new double[200_000];
    java.util.Arrays.fill(a, 2.5);
    for (Object v : List.of(a, "small", new Point(1, 2, "x", List.of()), List.of(new java.rmi.server.ObjID(7)))) {
      ValueSerializer.Serialized slice = serializer.serializeToSlice(v);
      byte[] exact = serializer.serialize(v);
      assertArrayEquals(exact, java.util.Arrays.copyOf(slice.array(), slice.length()));
      assertArrayEquals(exact, slice.exact());
    }
  }

  @Test
  void aCapturingSerializableLambdaRoundTripsAndRuns() {
    int offset = 40;
    List<Integer> captured = List.of(1, 1);
    Function<Integer, Integer> fn = (Function<Integer, Integer> & Serializable) x -> x + offset + captured.size();
    byte[] bytes = serializer.serialize(fn);
    assertEquals(ForySerializer.FORY_TAG, bytes[0]);
    @SuppressWarnings("unchecked")
    Function<Integer, Integer> back = (Function<Integer, Integer>) serializer.deserialize(bytes, loader);
    assertEquals(42, back.apply(0));
  }

  @Test
  void sharedAndCyclicReferencesSurvive() {
    Plain p = new Plain();
    Plain back = (Plain) roundTrip(p);
    assertEquals(3, back.count);
    assertEquals("plain", back.name);
    assertTrue(back.self == back, "reference tracking keeps the cycle");
    List<Object> shared = new ArrayList<>();
    List<List<Object>> twice = List.of(shared, shared);
    @SuppressWarnings("unchecked")
    List<List<Object>> twiceBack = (List<List<Object>>) roundTrip(twice);
    assertTrue(twiceBack.get(0) == twiceBack.get(1));
  }

  @Test
  void whatForyRefusesFallsBackToJdkSerialization() {
    // java.rmi.server.ObjID is Serializable but on Fory's disallowed list.
    java.rmi.server.ObjID id = new java.rmi.server.ObjID();
    byte[] bytes = serializer.serialize(List.of(id));
    assertEquals(ForySerializer.JDK_TAG, bytes[0], "fallback bytes are a JDK stream");
    assertEquals(List.of(id), serializer.deserialize(bytes, loader));
    // and the thread's Fory still works afterwards
    assertEquals("after", roundTrip("after"));
  }

  @Test
  void plainJdkStreamsAreReadAsTheyAre() {
    byte[] jdk = JdkSerializer.INSTANCE.serialize(new Point(1, 2, "jdk", List.of()));
    assertEquals(new Point(1, 2, "jdk", List.of()), serializer.deserialize(jdk, loader));
  }

  @Test
  void anUnserializableValueIsRejectedNamingTheClass() {
    UnserializableValueException e = assertThrows(UnserializableValueException.class,
        () -> serializer.serialize(new HoldsThread()));
    assertEquals("java.lang.Thread", e.offendingClass());
    assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());

    Function<Integer, Integer> notSerializable = x -> x + 1;
    UnserializableValueException lambda = assertThrows(UnserializableValueException.class,
        () -> serializer.serialize(List.of(notSerializable)));
    assertTrue(lambda.offendingClass().startsWith(getClass().getName() + "$$Lambda"), lambda.offendingClass());
  }

  @Test
  void anUnknownTagIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> serializer.deserialize(new byte[] {7, 1, 2}, loader));
    assertTrue(e.getMessage().contains("tag 7"), e.getMessage());
  }

  @Test
  void payloadsDecodeWithTheDefaultSerializer() {
    Payload sent = Payload.of(new Point(3, 4, "p", List.of(5)));
    Payload received = Payload.ofBytes(sent.bytes(Serializers.DEFAULT));
    assertEquals(new Point(3, 4, "p", List.of(5)), received.value());
    assertEquals(sent, received);
  }

  @Test
  void manyThreadsShareTheSerializer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        Callable<Boolean> job = () -> {
          for (int i = 0; i < 500; i++) {
            Point p = new Point(seed, i, "t" + seed, List.of(i));
            if (!p.equals(roundTrip(p))) {
              return false;
            }
          }
          return true;
        };
        results.add(pool.submit(job));
      }
      for (Future<Boolean> r : results) {
        assertTrue(r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  record Holder(Function<Integer, Integer> fn) implements Serializable {}

  @Test
  void aClassMissingAtFirstIsNamedAndFoundOnceItsLoaderHasIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path src = java.nio.file.Files.createDirectories(dir.resolve("src/late")).resolve("Tripler.java");
    java.nio.file.Files.writeString(src, "package late; public class Tripler implements java.util.function.Function<Integer, Integer>,"
        + " java.io.Serializable { public Integer apply(Integer x) { return 3 * x; } }");
    java.nio.file.Path classes = java.nio.file.Files.createDirectories(dir.resolve("classes"));
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString()));
    try (java.net.URLClassLoader late = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, loader)) {
      @SuppressWarnings("unchecked")
      Function<Integer, Integer> tripler = (Function<Integer, Integer>) late.loadClass("late.Tripler").getDeclaredConstructor().newInstance();
      byte[] bytes = new ForySerializer().serialize(new Holder(tripler)); // as another JVM would
      ForySerializer reader = new ForySerializer();
      for (int i = 0; i < 2; i++) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reader.deserialize(bytes, loader));
        assertTrue(e.getMessage().contains("class not found: late.Tripler"), e.getMessage());
      }
      Holder back = (Holder) reader.deserialize(bytes, late);
      assertEquals(15, back.fn().apply(5));
    }
  }

  @Test
  void deserializingRestoresTheThreadsContextLoader() {
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    ClassLoader given = new ClassLoader(loader) {};
    Object back = serializer.deserialize(serializer.serialize(new Point(0, 0, "l", List.of())), given);
    assertInstanceOf(Point.class, back);
    assertTrue(before == Thread.currentThread().getContextClassLoader(), "context loader restored");
  }
}
