package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code client.uploadJar} makes classes the worker JVMs lack available to their tasks, and a jar
 * rebuilt and uploaded again under the same name replaces them for later tasks (dask reloads an
 * uploaded module).
 */
@Tag("multi-jvm")
class UploadJarTest {

  @Test
  @SuppressWarnings("unchecked")
  void uploadedClassesReachCurrentAndFutureWorkers() throws Exception {
    Path jar = buildJar();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
         LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      Fn1<Integer, Integer> tripler = (Fn1<Integer, Integer>) loader.loadClass("extra.Tripler")
          .getDeclaredConstructor().newInstance();
      RemoteTaskException missing = assertThrows(RemoteTaskException.class,
          () -> client.task(tripler, 5).pure(false).submit().result());
      assertTrue(String.valueOf(missing.getCause()).contains("extra.Tripler"), String.valueOf(missing.getCause()));

      client.uploadJar(jar).await();
      assertEquals(15, client.task(tripler, 5).pure(false).submit().result());

      cluster.scale(2).await();
      assertEquals(List.of(3, 6, 9, 12), client.gather(List.of(
          client.task(tripler, 1).workers("worker-1").pure(false).submit(),
          client.task(tripler, 2).workers("worker-1").pure(false).submit(),
          client.task(tripler, 3).workers("worker-0").pure(false).submit(),
          client.task(tripler, 4).workers("worker-1").pure(false).submit())).await(),
          "a worker that joined after the upload has the classes too");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRebuiltJarUploadedUnderTheSameNameTakesEffectForLaterTasks() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "upload-jar-rebuilt"));
    Path jar = dir.resolve("answer.jar");
    buildAnswerJar(dir, jar, 1);
    try (URLClassLoader loader1 = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
         LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      Fn1<Integer, Integer> answer1 = (Fn1<Integer, Integer>) loader1.loadClass("extra.Answer")
          .getDeclaredConstructor().newInstance();
      client.uploadJar(jar).await();
      assertEquals(1, client.task(answer1, 0).pure(false).submit().result());

      buildAnswerJar(dir, jar, 2);                                  // rebuilt: same file name, other bytes
      client.uploadJar(jar).await();
      try (URLClassLoader loader2 = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
        Fn1<Integer, Integer> answer2 = (Fn1<Integer, Integer>) loader2.loadClass("extra.Answer")
            .getDeclaredConstructor().newInstance();
        assertEquals(2, client.task(answer2, 0).pure(false).submit().result(), "a task submitted after the upload");
      }
      assertEquals(2, client.task(answer1, 0).pure(false).submit().result(),
          "the worker resolves the class by name: even the client's old instance runs the rebuilt code");

      cluster.scale(2).await();
      assertEquals(2, client.task(answer1, 0).workers("worker-1").pure(false).submit().result(),
          "a worker that joins later gets both uploads and uses the latest");
    }
  }

  /**
   * Compiles {@code extra.Answer}, a function returning {@code version}, into {@code jar}: written
   * beside it and moved over it, so a loader that has the previous jar open keeps reading that one.
   */
  private static void buildAnswerJar(Path dir, Path jar, int version) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src-" + version + "/extra")).resolve("Answer.java");
    Files.writeString(src, """
        package extra;
        public class Answer implements dev.weft.client.Fn1<Integer, Integer> {
          public Integer call(Integer x) { return x + %d; }
        }
        """.formatted(version), StandardCharsets.UTF_8);
    Path classes = Files.createDirectories(dir.resolve("classes-" + version));
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), "-cp",
        System.getProperty("java.class.path"), src.toString());
    assertEquals(0, rc, "javac");
    Path next = dir.resolve("answer.jar.next");
    try (OutputStream out = Files.newOutputStream(next); JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new JarEntry("extra/Answer.class"));
      j.write(Files.readAllBytes(classes.resolve("extra/Answer.class")));
      j.closeEntry();
    }
    Files.move(next, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Compiles a class absent from the test classpath into target/extra-*.jar. */
  private static Path buildJar() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "upload-jar-test"));
    Path src = Files.createDirectories(dir.resolve("src/extra")).resolve("Tripler.java");
    Files.writeString(src, """
        package extra;
        public class Tripler implements dev.weft.client.Fn1<Integer, Integer> {
          public Integer call(Integer x) { return 3 * x; }
        }
        """, StandardCharsets.UTF_8);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
        src.toString());
    assertEquals(0, rc, "javac");
    Path jar = dir.resolve("extra.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new JarEntry("extra/Tripler.class"));
      j.write(Files.readAllBytes(classes.resolve("extra/Tripler.class")));
      j.closeEntry();
    }
    return jar;
  }
}
