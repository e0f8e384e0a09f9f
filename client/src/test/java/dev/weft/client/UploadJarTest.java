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

/** {@code client.uploadJar} makes classes the worker JVMs lack available to their tasks. */
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
