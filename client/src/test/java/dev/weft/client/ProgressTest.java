package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Timeout;

/** The console progress bar, drawn into a {@link ByteArrayOutputStream}. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(Gates.class)
class ProgressTest {

  private static final Pattern FRAME = Pattern.compile("\\[(#*)( *)\\] (\\d+)/(\\d+)");





  @Test
  void barDrawsTheShareDone() {
    assertEquals("[#####     ] 512/1000", Progress.bar(512, 1000, 10));
    assertEquals("[          ] 0/3", Progress.bar(0, 3, 10));
    assertEquals("[###       ] 1/3", Progress.bar(1, 3, 10));
    assertEquals("[##########] 3/3", Progress.bar(3, 3, 10));
    assertEquals("[####] 0/0", Progress.bar(0, 0, 4));
  }

  @Test
  void redrawsInPlaceAsTasksFinishAndEndsWithANewline() throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(3).build();
         Client client = Client.connect(cluster)) {
      List<TaskFuture<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        futures.add(client.submit(Gates::gated, i));
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      Thread showing = new Thread(() -> Progress.show(futures, out, 10, true), "progress");
      showing.start();
      Poll.until(Duration.ofSeconds(30), "0/3 drawn", () -> text(bytes).contains("\r[          ] 0/3"));
      Gates.open(2);
      Poll.until(Duration.ofSeconds(30), "1/3 drawn", () -> text(bytes).contains("\r[###       ] 1/3"));
      assertTrue(showing.isAlive(), "show() blocks until all are done");
      assertFalse(text(bytes).contains("\n"), "no newline before the end: " + text(bytes));
      Gates.open(0);
      Gates.open(1);
      showing.join(30_000);
      assertFalse(showing.isAlive());

      String all = text(bytes);
      assertTrue(all.endsWith("\r[##########] 3/3" + System.lineSeparator()), all);
      assertEquals(1, all.split("\n", -1).length - 1, "exactly one newline");
      checkFrames(all, 3, 10);
    }
  }

  @Test
  void aThousandTasks() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      List<TaskFuture<Integer>> futures = client.map(Demo::inc, IntStream.range(0, 1000).boxed().toList());
      Progress.show(futures, new PrintStream(bytes, true, StandardCharsets.UTF_8), Progress.DEFAULT_WIDTH, true);
      assertTrue(futures.stream().allMatch(TaskFuture::done), "show() returns once all are done");

      PrintStream original = System.err;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        Progress.show(futures);                                   // default: System.err
      } finally {
        System.setErr(original);
      }
    }
    String all = text(bytes);
    String full = "\r[" + "#".repeat(Progress.DEFAULT_WIDTH) + "] 1000/1000" + System.lineSeparator();
    assertTrue(all.endsWith(full), all);
    checkFrames(all, 1000, Progress.DEFAULT_WIDTH);
    // surefire's standard error is no terminal: whole lines, no carriage returns
    assertTrue(text(err).endsWith(full.substring(1)) && !text(err).contains("\r"), text(err));
  }

  @Test
  void readmeSnippet() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      List<TaskFuture<Integer>> many = client.map(Demo::inc, IntStream.range(0, 100).boxed().toList());
      Progress.show(many, out);          // [####################                    ] 50/100, in place
    }
    assertTrue(text(bytes).endsWith("] 100/100" + System.lineSeparator()), text(bytes));
  }

  @Test
  void nothingToWaitFor() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress.show(List.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8), 4, true);
    assertEquals("\r[####] 0/0" + System.lineSeparator(), text(bytes));
  }

  /** Every drawing is a well-formed bar for {@code total}, and the count never goes down. */
  private static void checkFrames(String all, int total, int width) {
    String[] frames = all.strip().split("\r");
    int last = -1;
    for (String frame : frames) {
      if (frame.isEmpty()) {
        continue;
      }
      Matcher m = FRAME.matcher(frame);
      assertTrue(m.matches(), "bad frame: '" + frame + "'");
      int done = Integer.parseInt(m.group(3));
      assertEquals(total, Integer.parseInt(m.group(4)));
      assertEquals(width, m.group(1).length() + m.group(2).length());
      assertEquals((int) ((long) done * width / total), m.group(1).length(), frame);
      assertTrue(done >= last, "count went down: " + all);
      last = done;
    }
    assertEquals(total, last);
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
