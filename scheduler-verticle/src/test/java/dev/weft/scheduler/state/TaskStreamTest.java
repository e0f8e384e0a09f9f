package dev.weft.scheduler.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.TaskRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The task stream's ring and its placement of runs on thread lanes. */
class TaskStreamTest {

  @Test
  void overlappingRunsOfOneWorkerGetDifferentLanesAndLanesAreReused() {
    TaskStream s = new TaskStream(100);
    s.add("a", "f", "w1", 2, 0, 10, true);
    s.add("b", "f", "w1", 2, 5, 12, true);
    s.add("c", "f", "w1", 2, 11, 20, true);
    s.add("d", "f", "w1", 2, 12, 20, false);
    s.add("e", "f", "w2", 2, 5, 12, true);

    assertEquals(List.of(0, 1, 0, 1, 0), s.after(0, 100).stream().map(TaskRun::lane).toList());
    assertEquals(new TaskRun("d", "f", "w1", 1, 12, 20, false), s.after(0, 100).get(3));
  }

  @Test
  void moreOverlapThanThreadsStaysWithinTheWorkersLanes() {
    TaskStream s = new TaskStream(100);
    s.add("a", "f", "w1", 1, 0, 10, true);
    s.add("b", "f", "w1", 1, 5, 12, true);

    assertEquals(List.of(0, 0), s.after(0, 100).stream().map(TaskRun::lane).toList());
  }

  @Test
  void ringKeepsTheNewestRunsAndCursorsSkipWhatWasSeen() {
    TaskStream s = new TaskStream(3);
    for (int i = 0; i < 5; i++) {
      s.add("k" + i, "f", "w1", 1, i * 10, i * 10 + 5, true);
    }

    assertEquals(5, s.recorded());
    assertEquals(List.of("k2", "k3", "k4"), keys(s.after(0, 100)));
    assertEquals(List.of("k4"), keys(s.after(4, 100)));
    assertEquals(List.of(), keys(s.after(5, 100)));
    assertEquals(List.of("k3", "k4"), keys(s.since(35, 100)));
  }

  @Test
  void busyIntervalsAreSampledEvenlyEndingWithTheNewest() {
    TaskStream s = new TaskStream(100);
    for (int i = 0; i < 10; i++) {
      s.add("k" + i, "f", "w1", 1, i * 10, i * 10 + 5, true);
    }

    assertEquals(List.of("k1", "k3", "k5", "k7", "k9"), keys(s.after(0, 5)));
    assertEquals(List.of("k0", "k3", "k6", "k9"), keys(s.after(0, 4)), "stride 3");
    assertEquals(List.of("k5", "k7", "k9"), keys(s.after(4, 3)), "stride 2 over the 6 after cursor 4");
    assertEquals(List.of("k3", "k5", "k7", "k9"), keys(s.since(30, 4)), "stride 2 over k3..k9");
  }

  private static List<String> keys(List<TaskRun> runs) {
    return runs.stream().map(TaskRun::key).toList();
  }
}
