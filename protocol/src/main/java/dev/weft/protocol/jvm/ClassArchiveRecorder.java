package dev.weft.protocol.jvm;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ObjectName;

/**
 * Writes this JVM's {@link ClassArchive} when it was started to record one: once it is warm (it
 * ran its first task), a second later, on a thread of its own — or at exit, if that comes first —
 * HotSpot dumps the classes loaded so far ({@code VM.cds dynamic_dump}, as {@code jcmd} would ask)
 * into a file of its own, which then replaces the archive in one rename, so a JVM never maps a
 * half-written one. A failed dump (a full disk, an unsupported runtime) leaves no archive and one
 * line on standard error; the JVM goes on. HotSpot itself prints one line when it dumps. Only
 * the newest {@link #KEPT} archives of the directory are kept.
 */
public final class ClassArchiveRecorder {

  /** How long after the first warm signal the dump starts: the first result's round trip loads classes too. */
  private static final long DELAY_MILLIS = 1_000;
  /** How long exit waits for a dump under way. */
  private static final long EXIT_WAIT_SECONDS = 20;
  /** Archives kept in the directory, newest first; older ones (earlier builds) are deleted. */
  static final int KEPT = 8;
  /** The archive this JVM records, from {@link ClassArchive#RECORD_PROPERTY} at start; null when it records none. */
  private static final String TARGET = System.getProperty(ClassArchive.RECORD_PROPERTY);
  /** True once a dump was started in this JVM (at most one). */
  private static final AtomicBoolean STARTED = new AtomicBoolean();
  /** True once {@link #warm()} was called in this JVM. */
  private static final AtomicBoolean WARMED = new AtomicBoolean();

  private ClassArchiveRecorder() {}

  /**
   * Says this JVM is warm: when it was started to record its archive, the dump follows a second
   * later (or at exit). Cheap and idempotent: call it wherever the first unit of work completes.
   */
  public static void warm() {
    if (TARGET == null || WARMED.get() || !WARMED.compareAndSet(false, true)) {
      return;
    }
    Path archive = Path.of(TARGET);
    Thread later = new Thread(() -> {
      try {
        Thread.sleep(DELAY_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      dumpOnce(archive);
    }, "weft-class-archive");
    later.setDaemon(true);
    Thread atExit = new Thread(() -> {
      later.interrupt(); // a dump not yet begun happens here; one under way is waited for
      dumpOnce(archive);
      try {
        later.join(TimeUnit.SECONDS.toMillis(EXIT_WAIT_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "weft-class-archive-exit");
    Runtime.getRuntime().addShutdownHook(atExit);
    later.start();
  }

  /** Dumps into {@code archive} unless a dump was already started; returns true when the archive was written. */
  static boolean dumpOnce(Path archive) {
    if (!STARTED.compareAndSet(false, true)) {
      return false;
    }
    Path partial = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      Object out = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
          "vmCds", new Object[] {new String[] {"dynamic_dump", partial.toString()}}, new String[] {String[].class.getName()});
      if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
        throw new IOException("HotSpot wrote no archive: " + out);
      }
      Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
      prune(archive.getParent());
      return true;
    } catch (Exception | LinkageError e) {
      // Standard error, not the logger: at exit, the JVM's logging may already be closed.
      System.err.println("weft: no class archive written to " + archive + " (later JVMs start without it): " + e);
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // nothing more to do: the partial file is named after this process and never read
      }
      return false;
    }
  }

  /**
   * Deletes all but the {@link #KEPT} most recently written archives of {@code dir}, and partial
   * files an hour old (of JVMs killed while dumping).
   */
  static void prune(Path dir) throws IOException {
    List<Path> archives = new ArrayList<>();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "*.{jsa,tmp}")) {
      all.forEach(archives::add);
    }
    long hourAgo = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1);
    for (Path p : archives) {
      if (p.toString().endsWith(".tmp") && modified(p) < hourAgo) {
        Files.deleteIfExists(p);
      }
    }
    archives.removeIf(p -> !p.toString().endsWith(".jsa"));
    archives.sort(Comparator.comparingLong(ClassArchiveRecorder::modified).reversed());
    for (Path old : archives.subList(Math.min(KEPT, archives.size()), archives.size())) {
      Files.deleteIfExists(old);
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException gone) {
      return 0;
    }
  }
}
