package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's multi-JVM quick starts verbatim, without and with TLS (a scheduler, two workers
 * and a client program, each its own JVM on 127.0.0.1), with only the cluster name made unique to
 * each run. The plain one runs five times in a row beside two CPU-bound processes (on a 2-core
 * machine: a heavily loaded start), which must not make it fail.
 */
@Tag("multi-jvm")
class MultiJvmQuickStartTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Runs of the plain quick start under load. */
  private static final int RUNS_UNDER_LOAD = 5;

  @Test
  void readmeQuickStartAcrossJvmsFiveTimesBesideTwoCpuBoundProcesses() throws Exception {
    List<Process> burners = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        // One process each, ended by PID below, and bounded in time (20 min) even if this JVM dies first.
        burners.add(new ProcessBuilder("bash", "-c", "end=$((SECONDS + 1200)); while [ $SECONDS -lt $end ]; do :; done").start());
      }
      for (int run = 1; run <= RUNS_UNDER_LOAD; run++) {
        runBlock("multi-jvm-quick-start", "tcp");
      }
    } finally {
      for (Process p : burners) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void readmeQuickStartAcrossJvmsWithTls() throws Exception {
    runBlock("multi-jvm-quick-start-tls", "tls");
  }

  /** Runs the README block marked {@code marker}; the client must report a scheduler at {@code scheme}://. */
  private static void runBlock(String marker, String scheme) throws Exception {
    List<String> lines = quickStartLines(marker);
    String cluster = "qs-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = new HashMap<>();
    env.put("WEFT_CLASSPATH", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    List<Process> background = new ArrayList<>();
    Path logs = Files.createDirectories(Path.of("target", "multi-jvm-" + cluster));
    try {
      String output = null;
      int n = 0;
      for (String raw : lines) {
        String line = raw.replace("my-cluster", cluster).strip();
        Matcher export = Pattern.compile("export (\\w+)=(\\S+)").matcher(line);
        if (export.matches()) {
          env.put(export.group(1), export.group(2));
          continue;
        }
        boolean inBackground = line.endsWith("&");
        String command = inBackground ? line.substring(0, line.length() - 1).strip() : line;
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec " + command).directory(ROOT.toFile());
        pb.environment().putAll(env);
        File log = logs.resolve("jvm-" + n++ + ".log").toFile();
        pb.redirectErrorStream(true).redirectOutput(log);
        Process p = pb.start();
        if (inBackground) {
          background.add(p);
        } else {
          if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS); // ended by its PID, not left running
            throw new AssertionError("client program did not finish within 240 s: " + command + "\n"
                + Files.readString(log.toPath(), StandardCharsets.UTF_8));
          }
          output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
          assertEquals(0, p.exitValue(), output);
        }
      }
      assertTrue(output != null && output.contains("Connected to <Scheduler: \"" + scheme + "://127.0.0.1/"), output);
      assertTrue(output.contains("workers: 2 cores: 2"), output);
      assertTrue(Pattern.compile("pi ~= 3\\.14\\d* \\(error 0\\.00").matcher(output).find(), output);
    } finally {
      for (Process p : background) {
        p.destroy();
      }
      for (Process p : background) {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      deleteTree(Path.of("/tmp", cluster + "-tls"));
    }
  }

  /** Deletes {@code dir} and the files in it (the credentials a TLS block wrote), if it exists. */
  private static void deleteTree(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  /** The commands of the README's "Across JVMs" block marked {@code marker}, one per line. */
  private static List<String> quickStartLines(String marker) throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<!-- " + marker + " -->\\s*```bash\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "README has the block " + marker);
    return m.group(1).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }
}
