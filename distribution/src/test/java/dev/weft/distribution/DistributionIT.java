package dev.weft.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution, unpacked into an empty directory, runs the README's multi-JVM quick start
 * (a scheduler, two workers and the demo, each its own JVM on 127.0.0.1) with only a Java runtime:
 * no Maven, no source checkout, no {@code ~/.m2} on the way. Its {@code lib/} holds no test library.
 */
class DistributionIT {

  private static final Path TARBALL = Path.of(System.getProperty("weft.distribution"));
  private static final String VERSION = System.getProperty("weft.version");

  @Test
  void theUnpackedDistributionRunsTheMultiJvmQuickStartWithoutMaven(@TempDir Path empty) throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "distribution-it"));
    Commands.run(empty, Map.of(), logs.resolve("tar.log"), 2, "tar", "-xzf", TARBALL.toString());
    Path home = empty.resolve("weft-" + VERSION);
    assertTrue(Files.isExecutable(home.resolve("bin/weft")), "bin/weft is executable");
    assertTrue(Files.isRegularFile(home.resolve("conf/logging.properties")), "conf/ is there");
    List<String> jars;
    try (var lib = Files.list(home.resolve("lib"))) {
      jars = lib.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertTrue(jars.stream().anyMatch(j -> j.startsWith("weft-client-")), jars.toString());
    assertEquals(List.of(), Commands.testLibraries(jars), "no test library in lib/");

    Map<String, String> env = new HashMap<>();
    env.put("PATH", javaOnlyPath(empty.resolve("path")).toString());
    env.put("WEFT_CLASSPATH", null);
    env.put("HOME", empty.toString());
    Process noMaven = Commands.start(home, env, logs.resolve("no-maven.log"), List.of("/bin/bash", "-c", "command -v mvn"));
    assertNotEquals(0, noMaven.waitFor(), "mvn is not on the PATH the quick start runs with");

    String cluster = "dist-" + UUID.randomUUID().toString().substring(0, 8);
    List<Process> background = new ArrayList<>();
    String output = null;
    try {
      int n = 0;
      for (String raw : quickStartLines(home.resolve("README.md"))) {
        String line = raw.replace("my-cluster", cluster).strip();
        Matcher export = Pattern.compile("export (\\w+)=(\\S+)").matcher(line);
        if (export.matches()) {
          env.put(export.group(1), export.group(2));
          continue;
        }
        Path log = logs.resolve(cluster + "-" + n++ + ".log");
        if (line.endsWith("&")) {
          background.add(Commands.start(home, env, log,
              List.of("/bin/bash", "-c", "exec " + line.substring(0, line.length() - 1).strip())));
        } else {
          output = Commands.run(home, env, log, 5, "/bin/bash", "-c", "exec " + line);
        }
      }
    } finally {
      for (Process p : background) {
        Commands.stop(p);
      }
    }
    assertTrue(output != null && output.contains("Connected to <Scheduler: \"tcp://127.0.0.1/"), output);
    assertTrue(output.contains("workers: 2 cores: 2"), output);
    assertTrue(Pattern.compile("pi ~= 3\\.14\\d* \\(error 0\\.00").matcher(output).find(), output);
  }

  /** A directory to use as the whole PATH: {@code java} and the two tools bin/weft calls, and nothing else. */
  private static Path javaOnlyPath(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.createSymbolicLink(dir.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    for (String tool : List.of("dirname", "bash")) {
      Path real = Files.exists(Path.of("/usr/bin", tool)) ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
      Files.createSymbolicLink(dir.resolve(tool), real);
    }
    return dir;
  }

  /** The commands of the README block marked {@code multi-jvm-quick-start}, one per line. */
  private static List<String> quickStartLines(Path readme) throws Exception {
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<!-- multi-jvm-quick-start -->\\s*```bash\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertTrue(m.find(), "the distribution's README has the multi-JVM quick start");
    return m.group(1).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }
}
