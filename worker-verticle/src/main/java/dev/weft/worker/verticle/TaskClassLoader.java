package dev.weft.worker.verticle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The class loader a worker's tasks, arguments and results are loaded with: the worker's own
 * classpath plus every jar uploaded by clients ({@code client.uploadJar}), added as they arrive.
 */
final class TaskClassLoader extends URLClassLoader {

  static {
    registerAsParallelCapable();
  }

  /** Where uploaded jars are written; created on first upload. */
  private final Path directory;

  TaskClassLoader(String workerId, ClassLoader parent) {
    super("weft-tasks-" + workerId, new URL[0], parent);
    try {
      this.directory = Files.createTempDirectory("weft-" + workerId + "-jars");
      this.directory.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a jar's bytes under {@code name}; classes in it become loadable at once. */
  void addJar(String name, byte[] bytes) {
    Path file = directory.resolve(Path.of(name).getFileName().toString());
    try {
      Files.write(file, bytes);
      file.toFile().deleteOnExit();
      addURL(file.toUri().toURL());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store uploaded jar " + name, e);
    }
  }
}
