package dev.weft.protocol.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real child JVMs on a classpath of one jar: the first, started to record, writes the archive at
 * exit; the next maps its classes from it; a damaged archive or one that cannot be written costs
 * nothing but the speed-up.
 */
class ClassArchiveJvmTest {

  /** The classes the child needs: the recorder and archive (main code) and the probe (test code). */
  private static final List<Class<?>> CLASSES = List.of(ClassArchive.class, ClassArchiveRecorder.class, ClassArchiveProbe.class);

  @TempDir
  Path tmp;
  private Path dir;
  private String classpath;

  @BeforeEach
  void probeJar() throws IOException {
    dir = ClassArchive.usable(tmp.resolve("archives"));
    Path jar = tmp.resolve("probe.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Class<?> c : CLASSES) {
        Path root = Path.of(java.net.URI.create(c.getProtectionDomain().getCodeSource().getLocation().toString()));
        Path pkg = root.resolve(c.getPackageName().replace('.', '/'));
        try (Stream<Path> files = Files.list(pkg)) {
          for (Path f : files.filter(f -> isOf(c, f.getFileName().toString())).toList()) {
            out.putNextEntry(new JarEntry(root.relativize(f).toString()));
            out.write(Files.readAllBytes(f));
            out.closeEntry();
          }
        }
      }
    }
    classpath = jar.toString();
  }

  @Test
  void theFirstJvmRecordsTheArchiveAndTheNextMapsItsClassesFromIt() throws Exception {
    Path archive = ClassArchive.archiveFor("probe", classpath, dir);
    String recorded = run(ClassArchive.jvmOptions("probe", classpath, dir));
    assertTrue(recorded.startsWith("probe ran"), recorded);
    assertTrue(Files.isRegularFile(archive) && Files.size(archive) > 0, "no archive at " + archive);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(archive), left.toList(), "only the archive, no partial file");
    }

    assertEquals("-XX:SharedArchiveFile=" + archive, ClassArchive.jvmOptions("probe", classpath, dir).get(0));
    assertEquals("shared objects file (top)", probeSource());
  }

  @Test
  void aDamagedArchiveIsIgnoredAndTheJvmStartsAsWithout() throws Exception {
    Path archive = ClassArchive.archiveFor("probe", classpath, dir);
    Files.write(archive, "not an archive".getBytes(StandardCharsets.US_ASCII));
    assertTrue(probeSource().startsWith("file:"), "loaded from the jar");
  }

  @Test
  void anArchiveThatCannotBeWrittenIsLoggedAndTheJvmGoesOn() throws Exception {
    List<String> options = ClassArchive.jvmOptions("probe", classpath, dir);
    Files.delete(dir); // gone before the child dumps: its rename has nowhere to go
    String out = run(options);
    assertTrue(out.contains("probe ran"), out);
    assertTrue(out.contains("no class archive written to"), out);
    assertFalse(Files.exists(dir), "nothing made in its place");
  }

  /** Runs the probe with the archive options and class-load logging; returns where its class came from. */
  private String probeSource() throws Exception {
    List<String> options = new ArrayList<>(ClassArchive.jvmOptions("probe", classpath, dir));
    options.add("-Xlog:class+load=info");
    String out = run(options);
    assertTrue(out.contains("probe ran"), out);
    String marker = ClassArchiveProbe.class.getName() + " source: ";
    int at = out.indexOf(marker);
    assertTrue(at >= 0, out);
    return out.substring(at + marker.length(), out.indexOf('\n', at)).trim();
  }

  /** True for the class file of {@code c} or of one of its nested classes. */
  private static boolean isOf(Class<?> c, String file) {
    return file.equals(c.getSimpleName() + ".class") || file.startsWith(c.getSimpleName() + "$");
  }

  /** Runs the probe in a child JVM with {@code options}; returns its output (both streams) once it exited 0. */
  private String run(List<String> options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(options);
    cmd.addAll(List.of("-cp", classpath, ClassArchiveProbe.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit");
      assertEquals(0, p.exitValue(), out);
      return out;
    } finally {
      p.destroyForcibly();
    }
  }
}
