package dev.weft.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code promtool check metrics} (Debian package {@code prometheus}) on a scrape, failing the test
 * on any complaint; shared with the scheduler's and the client's tests through the test jar.
 */
public final class Promtool {

  private static final String PROMTOOL = "/usr/bin/promtool";

  private Promtool() {}

  /** Fails the calling test unless promtool accepts {@code metrics}. */
  public static void check(String metrics) throws Exception {
    assertTrue(new File(PROMTOOL).canExecute(), PROMTOOL + " is missing: install Debian's prometheus package (bin/test does)");
    Process p = new ProcessBuilder(PROMTOOL, "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(metrics.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
    assertEquals(0, p.exitValue(), "promtool check metrics: " + out);
  }
}
