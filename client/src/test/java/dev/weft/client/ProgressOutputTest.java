package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress bar redraws in place only on a terminal; output redirected to a file or a pipe
 * (or a stream of the caller's) gets whole lines, as dask's progress does when not interactive.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@ExtendWith(Gates.class)
class ProgressOutputTest {

  private static final Pattern LINE = Pattern.compile("\\[(#*)( *)\\] (\\d+)/(\\d+)");

  @TempDir
  Path dir;

  @Test
  void aStreamThatIsNoTerminalGetsALinePerChangeAndNoCarriageReturn() throws Exception {
    assertFalse(Progress.isTerminal(new PrintStream(new ByteArrayOutputStream())));
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(3).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      List<TaskFuture<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        futures.add(client.submit(Gates::gated, i));
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      Thread showing = new Thread(() -> Progress.show(futures, out, 10), "progress");
      showing.start();
      String nl = System.lineSeparator();
      Poll.until(Duration.ofSeconds(60), "0/3 written", () -> text(bytes).equals("[          ] 0/3" + nl));
      Gates.open(2);
      Poll.until(Duration.ofSeconds(60), "1/3 written", () -> text(bytes).endsWith("[###       ] 1/3" + nl));
      assertTrue(showing.isAlive(), "show() blocks until all are done");
      Gates.open(0);
      // one at a time: two completions seen together make one line (3/3 right after 1/3)
      Poll.until(Duration.ofSeconds(60), "2/3 written", () -> text(bytes).endsWith("[######    ] 2/3" + nl));
      Gates.open(1);
      showing.join(60_000);
      assertFalse(showing.isAlive());
      String all = text(bytes);
      assertFalse(all.contains("\r"), "no carriage returns: " + all);
      assertTrue(all.endsWith("[##########] 3/3" + nl), all);
      checkLines(all, 3, 10, 4);
    }
  }

  @Test
  void aThousandTasksMakeAtMostElevenLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      List<TaskFuture<Integer>> futures = client.map(Demo::inc, IntStream.range(0, 1000).boxed().toList());
      Progress.show(futures, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      assertTrue(futures.stream().allMatch(TaskFuture::done), "show() returns once all are done");
    }
    String all = text(bytes);
    assertFalse(all.contains("\r"), all);
    assertTrue(all.endsWith("[" + "#".repeat(Progress.DEFAULT_WIDTH) + "] 1000/1000" + System.lineSeparator()), all);
    checkLines(all, 1000, Progress.DEFAULT_WIDTH, -1);
    assertTrue(all.lines().count() <= 11, all);
  }

  @Test
  void inPlaceOnRequestAndNothingToWaitFor() {
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    Progress.show(List.of(), new PrintStream(frames, true, StandardCharsets.UTF_8), 4, true);
    assertEquals("\r[####] 0/0" + System.lineSeparator(), text(frames));
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    Progress.show(List.of(), new PrintStream(lines, true, StandardCharsets.UTF_8), 4);
    assertEquals("[####] 0/0" + System.lineSeparator(), text(lines));
  }

  @Test
  void standardErrorRedirectedToAFileGetsLines() throws Exception {
    Path err = dir.resolve("err.txt");
    Path out = dir.resolve("out.txt");
    Process p = new ProcessBuilder(javaCommand()).redirectError(err.toFile()).redirectOutput(out.toFile()).start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the program ends");
    assertEquals(0, p.exitValue(), Files.readString(err));
    String text = Files.readString(err, StandardCharsets.UTF_8);
    assertTrue(text.contains("[" + "#".repeat(Progress.DEFAULT_WIDTH) + "] 50/50" + System.lineSeparator()), text);
    assertFalse(text.contains("\r"), "no carriage returns in a file: " + text);
    assertEquals("done", Files.readString(out).strip());
  }

  @Test
  void standardErrorOnATerminalIsRedrawnInPlace() throws Exception {
    assumeTrue(new File("/usr/bin/script").canExecute(), "script(1) runs a program on a pseudo-terminal");
    Path typescript = dir.resolve("terminal.txt");
    String command = String.join(" ", javaCommand().stream().map(ProgressOutputTest::shellQuote).toList());
    // script runs the program on a new pseudo-terminal: standard error is a terminal there.
    Process p = new ProcessBuilder("/usr/bin/script", "-q", "-e", "-c", command, typescript.toString())
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .redirectOutput(dir.resolve("script-out.txt").toFile())
        .redirectErrorStream(true)
        .start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the program ends");
    String text = Files.readString(typescript, StandardCharsets.UTF_8);
    assumeTrue(text.contains("done"), "script(1) recorded the program's output: " + text);
    assertEquals(0, p.exitValue(), text);
    assertTrue(text.contains("\r[" + "#".repeat(Progress.DEFAULT_WIDTH) + "] 50/50"), "redrawn in place: " + text);
  }

  /** The command running {@link ProgressMain} in a JVM of its own, on this test's classpath. */
  private static List<String> javaCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      cmd.add("-Djava.util.logging.config.file=" + logging);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ProgressMain.class.getName());
    return cmd;
  }

  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Every line is a well-formed bar for {@code total}; counts only grow; {@code expected} lines unless -1. */
  private static void checkLines(String all, int total, int width, int expected) {
    List<String> lines = all.lines().toList();
    if (expected >= 0) {
      assertEquals(expected, lines.size(), all);
    }
    int last = -1;
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertTrue(m.matches(), "bad line: '" + line + "'");
      int done = Integer.parseInt(m.group(3));
      assertEquals(total, Integer.parseInt(m.group(4)));
      assertEquals(width, m.group(1).length() + m.group(2).length());
      assertTrue(done > last, "each line shows progress: " + all);
      last = done;
    }
    assertEquals(total, last);
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
