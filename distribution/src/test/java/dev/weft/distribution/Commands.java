package dev.weft.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs commands of the integration tests: each to completion within a deadline, its output in a log file. */
final class Commands {

  /** Libraries a test would bring: none may be on a user's classpath or in the distribution's lib/. */
  static final Pattern TEST_LIBRARY = Pattern.compile(
      "junit|opentest4j|apiguardian|vertx-junit5|playwright|hamcrest|mockito|assertj|-tests\\.jar");

  private Commands() {}

  /** Runs {@code command} in {@code dir} with {@code env} added; fails unless it exits 0 within {@code minutes}. Returns its output. */
  static String run(Path dir, Map<String, String> env, Path log, int minutes, String... command)
      throws IOException, InterruptedException {
    Process p = start(dir, env, log, List.of(command));
    boolean done = p.waitFor(minutes, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(done, "finished within " + minutes + " min: " + String.join(" ", command) + "\n" + output);
    assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + output);
    return output;
  }

  /**
   * Starts {@code command} in {@code dir} with {@code env} added (a null value removes the variable),
   * output (with errors) to {@code log}.
   */
  static Process start(Path dir, Map<String, String> env, Path log, List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  /** Ends {@code p} (a JVM this test started) by its PID: TERM, then KILL after 20 s. */
  static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** The entries of {@code jars} (paths or names) that are test libraries. */
  static List<String> testLibraries(List<String> jars) {
    return jars.stream().filter(j -> TEST_LIBRARY.matcher(new File(j).getName()).find()).toList();
  }
}
