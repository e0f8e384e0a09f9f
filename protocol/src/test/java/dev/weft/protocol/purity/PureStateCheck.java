package dev.weft.protocol.purity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds what would make a {@code state/} package impure: Vert.x, a clock, threads or locks. The
 * state machines take stimuli (with the time as an argument) and return effects; I/O, time and
 * concurrency belong to the verticles. Shared by each module's purity test (protocol's test jar).
 */
public final class PureStateCheck {

  /** What is forbidden, by the reason given when it is found. */
  private static final Map<String, Pattern> FORBIDDEN = Map.of(
      "Vert.x", Pattern.compile("\\bio\\.vertx\\."),
      "a clock", Pattern.compile("\\bSystem\\.(currentTimeMillis|nanoTime)\\b|\\bjava\\.time\\.|\\bInstant\\.now\\b"),
      "threads", Pattern.compile("\\bnew Thread\\b|\\bThread\\.|\\bjava\\.util\\.concurrent\\b|\\bExecutor"),
      "locks", Pattern.compile("\\bsynchronized\\b|\\bvolatile\\b"));

  private PureStateCheck() {}

  /**
   * Fails (with every violation found) unless each of {@code dirs} (relative to the module) exists
   * and is pure.
   */
  public static void assertPure(String... dirs) {
    List<String> found = new ArrayList<>();
    for (String dir : dirs) {
      Path p = Path.of(dir);
      if (!Files.isDirectory(p)) {
        found.add("no directory " + p.toAbsolutePath());
      } else {
        found.addAll(violations(p));
      }
    }
    if (!found.isEmpty()) {
      throw new AssertionError("impure state code: " + found);
    }
  }

  /** Every violation in the Java files under {@code stateDir}, as "File.java:line: uses X: text". */
  public static List<String> violations(Path stateDir) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(stateDir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).replaceAll("//.*$", "");
          if (line.trim().startsWith("*") || line.trim().startsWith("/*")) {
            continue;
          }
          for (Map.Entry<String, Pattern> rule : FORBIDDEN.entrySet()) {
            Matcher m = rule.getValue().matcher(line);
            if (m.find()) {
              out.add(f.getFileName() + ":" + (i + 1) + ": uses " + rule.getKey() + ": " + lines.get(i).trim());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
