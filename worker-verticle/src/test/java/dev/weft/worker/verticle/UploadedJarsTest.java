package dev.weft.worker.verticle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.ForySerializer;
import dev.weft.protocol.Payload;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import dev.weft.worker.state.Execute;
import dev.weft.worker.state.ExecuteFailed;
import dev.weft.worker.state.ExecuteSucceeded;
import dev.weft.worker.state.WorkerStimulus;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jar uploaded again under the same name with other bytes takes effect for tasks started after
 * the upload (dask reloads an uploaded module), while a task already running keeps its classes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public class UploadedJarsTest {

  /** Latches the compiled task class uses to block (public: the compiled class lives in another package). */
  public static final class Gate {
    /** Counted down by a blocking task once it runs. */
    public static volatile CountDownLatch entered = new CountDownLatch(1);
    /** Awaited by a blocking task before it returns. */
    public static volatile CountDownLatch open = new CountDownLatch(1);

    private Gate() {}
  }

  @TempDir
  Path dir;
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Gate.entered = new CountDownLatch(1);
    Gate.open = new CountDownLatch(1);
  }

  @AfterEach
  void stop() {
    Gate.open.countDown();
    vertx.close().await();
  }

  @Test
  void sameBytesAgainKeepTheGenerationNewBytesMakeANewOne() throws Exception {
    byte[] v1 = jar(1);
    byte[] v2 = jar(2);
    byte[] other = otherJar();
    UploadedJars jars = new UploadedJars("w", getClass().getClassLoader(), new ForySerializer(), ForySerializer::new);
    UploadedJars.Generation g0 = jars.current();
    assertEquals(0, g0.number());
    assertThrows(ClassNotFoundException.class, () -> g0.loader().loadClass("extra.Answer"));

    assertTrue(jars.add("answer.jar", v1));
    UploadedJars.Generation g1 = jars.current();
    assertEquals(1, g1.number());
    assertSame(g1, jars.current(), "no upload, no new generation");
    assertFalse(jars.add("dir/answer.jar", v1), "the same bytes under the same file name change nothing");
    assertSame(g1, jars.current());

    assertTrue(jars.add("other.jar", other));
    assertTrue(jars.add("answer.jar", v2));
    UploadedJars.Generation g2 = jars.current();
    assertEquals(2, g2.number(), "two uploads between two tasks make one generation");
    assertNotSame(g1.serializer(), g2.serializer(), "a fresh serializer: Fory caches resolved classes by name");
    assertEquals(2, version(g2.loader()));
    assertEquals(1, version(g1.loader()), "the older generation still loads its own classes");
    assertEquals("other", g2.loader().loadClass("extra.Other").getSimpleName().toLowerCase());
    assertThrows(ClassNotFoundException.class, () -> g1.loader().loadClass("extra.Other"));
  }

  @Test
  void tasksAfterAnUploadRunTheNewClassesRunningOnesKeepTheirs() throws Exception {
    byte[] v1 = jar(1);
    byte[] v2 = jar(2);
    // The client's side: the class as the client has it (v1), serialized once for every task.
    Path clientJar = Files.write(dir.resolve("client-answer.jar"), v1);
    byte[] function;
    try (URLClassLoader client = new URLClassLoader(new URL[] {clientJar.toUri().toURL()}, getClass().getClassLoader())) {
      function = new ForySerializer().serialize(client.loadClass("extra.Answer").getDeclaredConstructor().newInstance());
    }
    BlockingQueue<WorkerStimulus> outcomes = new LinkedBlockingQueue<>();
    TaskRunner runner = new TaskRunner("w", 1, new ForySerializer(), vertx.getOrCreateContext(), outcomes::addAll, (v, with) -> v, false);
    try {
      assertEquals("missing", resultOf(runner, outcomes, "before", function, "go"), "no jar yet: the class is missing");

      assertTrue(runner.addJar("answer.jar", v1));
      assertEquals(1, resultOf(runner, outcomes, "one", function, "go"));

      runner.run(execute("running", function, "block"));          // started with v1, blocks
      assertTrue(Gate.entered.await(60, TimeUnit.SECONDS), "the blocking task runs");

      assertTrue(runner.addJar("answer.jar", v2));                  // rebuilt jar, same name
      assertEquals(2, resultOf(runner, outcomes, "two", function, "go"),
          "a task started after the upload runs the new bytes (even from the client's old class)");

      Gate.open.countDown();                                        // now it loads Helper: from v1
      assertEquals(1, value(outcomes.poll(60, TimeUnit.SECONDS), "running"),
          "a task running across the upload keeps its generation's classes");
    } finally {
      runner.shutdown();
    }
  }

  /** Runs one task and waits for its outcome: its value, or "missing" when it failed (its class missing). */
  private static Object resultOf(TaskRunner runner, BlockingQueue<WorkerStimulus> outcomes, String key,
      byte[] function, String mode) throws Exception {
    runner.run(execute(key, function, mode));
    return value(outcomes.poll(60, TimeUnit.SECONDS), key);
  }

  private static Object value(WorkerStimulus outcome, String key) {
    if (outcome instanceof ExecuteSucceeded s) {
      assertEquals(key, s.key());
      return s.value();
    }
    if (outcome instanceof ExecuteFailed f) {
      assertEquals(key, f.key());
      return "missing";
    }
    throw new AssertionError("no outcome for " + key + " within 60 s: " + outcome);
  }

  private static Execute execute(String key, byte[] function, String mode) {
    byte[] args = new ForySerializer().serialize(new Object[] {mode});
    TaskSpec spec = new TaskSpec(key, "answer", Payload.ofBytes(function), Payload.ofBytes(args), List.of(), TaskOptions.DEFAULT);
    return new Execute(key, spec, Map.of());
  }

  private static int version(ClassLoader loader) throws Exception {
    return (Integer) loader.loadClass("extra.Helper").getMethod("version").invoke(null);
  }

  /**
   * A jar of {@code extra.Answer} (a task function: its result is {@code Helper.version()}, after
   * blocking on {@link Gate} when its argument is "block") and {@code extra.Helper} (whose version
   * is {@code version}), compiled now.
   */
  private byte[] jar(int version) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src-" + version + "/extra"));
    Files.writeString(src.resolve("Answer.java"), """
        package extra;
        public class Answer implements dev.weft.protocol.TaskFunction {
          public Object apply(Object[] args) throws Exception {
            if ("block".equals(args[0])) {
              dev.weft.worker.verticle.UploadedJarsTest.Gate.entered.countDown();
              dev.weft.worker.verticle.UploadedJarsTest.Gate.open.await();
            }
            return Helper.version();
          }
        }
        """, StandardCharsets.UTF_8);
    Files.writeString(src.resolve("Helper.java"), """
        package extra;
        public class Helper {
          public static int version() { return %d; }
        }
        """.formatted(version), StandardCharsets.UTF_8);
    return compile("classes-" + version, src.resolve("Answer.java"), src.resolve("Helper.java"));
  }

  private byte[] otherJar() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src-other/extra"));
    Files.writeString(src.resolve("Other.java"), "package extra; public class Other {}", StandardCharsets.UTF_8);
    return compile("classes-other", src.resolve("Other.java"));
  }

  private byte[] compile(String out, Path... sources) throws Exception {
    Path classes = Files.createDirectories(dir.resolve(out));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String[] options = new String[4 + sources.length];
    options[0] = "-d";
    options[1] = classes.toString();
    options[2] = "-cp";
    options[3] = System.getProperty("java.class.path");
    for (int i = 0; i < sources.length; i++) {
      options[4 + i] = sources[i].toString();
    }
    assertEquals(0, javac.run(null, null, null, options), "javac");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream j = new JarOutputStream(bytes)) {
      try (var files = Files.walk(classes)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
          j.write(Files.readAllBytes(f));
          j.closeEntry();
        }
      }
    }
    return bytes.toByteArray();
  }
}
