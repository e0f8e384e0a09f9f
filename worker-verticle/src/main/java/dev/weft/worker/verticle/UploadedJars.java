package dev.weft.worker.verticle;

import dev.weft.protocol.Payload;
import dev.weft.protocol.ValueSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The jars clients uploaded to one worker ({@code client.uploadJar}) and the class-loading
 * generation tasks use, as dask's {@code upload_file} reloads a module uploaded again.
 *
 * <p>Every upload that changes what tasks would see (a new jar name, or a known name with other
 * bytes) starts a new generation: a fresh {@link TaskClassLoader} over the latest bytes of every
 * jar, and a fresh serializer (Fory caches the classes it resolved by name, so a reader that once
 * resolved {@code extra.Tripler} would keep handing out the old class). The worker picks the
 * generation when it starts a task, so tasks submitted after an upload run the new classes and
 * tasks already running keep theirs. Uploading the same bytes again changes nothing.
 *
 * <p>Each version of a jar is written to a file of its own and never overwritten: a loader of an
 * older generation may still open classes from its files. Thread-safe.
 */
final class UploadedJars {

  /**
   * One generation: the loader of task classes and the serializer that reads values with it.
   *
   * @param number 0 before any upload, then one more per upload that changed something
   * @param functions task functions decoded with this generation's classes
   */
  record Generation(int number, TaskClassLoader loader, ValueSerializer serializer, FunctionCache functions) {

    Generation(int number, TaskClassLoader loader, ValueSerializer serializer) {
      this(number, loader, serializer, new FunctionCache());
    }

    /** The task function {@code payload} holds, decoded with this generation's classes (cached). */
    Object function(Payload payload) {
      return functions.function(payload, serializer, loader);
    }
  }

  /** One uploaded jar's latest version. */
  private record Jar(Path file, byte[] digest) {}

  private final String workerId;
  private final ClassLoader parent;
  /** Makes the serializer of each generation after the first. */
  private final Supplier<ValueSerializer> freshSerializer;
  /** The latest version of each jar by name, the most recently uploaded last. */
  private final Map<String, Jar> jars = new LinkedHashMap<>();
  /** Where uploaded jars are written; created on first upload. */
  private Path directory;
  /** Versions written so far (names the version directories); only grows. */
  private int versions;
  /** The generation tasks start with now. */
  private Generation current;
  /** True when an upload changed the jars since {@link #current} was made. */
  private boolean stale;

  /**
   * Jars of a worker named {@code workerId}, loaded after {@code parent}; generation 0 reads values
   * with {@code serializer}, later ones with a serializer from {@code freshSerializer}.
   */
  UploadedJars(String workerId, ClassLoader parent, ValueSerializer serializer, Supplier<ValueSerializer> freshSerializer) {
    this.workerId = workerId;
    this.parent = parent;
    this.freshSerializer = freshSerializer;
    this.current = new Generation(0, new TaskClassLoader(workerId, 0, List.of(), parent), serializer);
  }

  /**
   * Records the jar {@code name} (a file name; any directories are dropped) with {@code bytes}.
   * Returns true when this changes what tasks started from now on load, false when the same bytes
   * were uploaded under that name already.
   */
  synchronized boolean add(String name, byte[] bytes) {
    String fileName = Path.of(name).getFileName().toString();
    byte[] digest = sha256(bytes);
    Jar known = jars.get(fileName);
    if (known != null && Arrays.equals(known.digest(), digest)) {
      return false;
    }
    Path file = write(fileName, bytes);
    jars.remove(fileName); // re-inserted last: the most recent upload
    jars.put(fileName, new Jar(file, digest));
    stale = true;
    return true;
  }

  /** The generation a task starting now loads with; made on first need after an upload. */
  synchronized Generation current() {
    if (stale) {
      List<URL> urls = new ArrayList<>();
      List<Jar> newestFirst = new ArrayList<>(jars.values());
      java.util.Collections.reverse(newestFirst);
      for (Jar jar : newestFirst) {
        try {
          urls.add(jar.file().toUri().toURL());
        } catch (MalformedURLException e) {
          throw new IllegalStateException(e);
        }
      }
      int number = current.number() + 1;
      current = new Generation(number, new TaskClassLoader(workerId, number, urls, parent), freshSerializer.get());
      stale = false;
    }
    return current;
  }

  /** Writes one version of a jar to a file of its own. */
  private Path write(String fileName, byte[] bytes) {
    try {
      if (directory == null) {
        directory = Files.createTempDirectory("weft-" + workerId + "-jars");
        directory.toFile().deleteOnExit();
      }
      Path versionDir = Files.createDirectory(directory.resolve("v" + (++versions)));
      versionDir.toFile().deleteOnExit();
      Path file = versionDir.resolve(fileName);
      Files.write(file, bytes);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store uploaded jar " + fileName, e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
