package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code Client.story(key)} as dask's: the scheduler's moves of a key joined with the workers',
 * in time order, tied together by stimulus ids — the scheduler stimulus that sent a task is the
 * one the worker logs its moves under, and the worker stimulus that finished it is the one the
 * scheduler logs the task's arrival in memory under.
 */
class StoryTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void theStoryJoinsSchedulerAndWorkerByStimulusId() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> f = client.submit(Demo::inc, 1);
      assertEquals(2, f.result(WAIT));
      List<String> story = client.story(f.key()).await();

      String sent = stimulusOf(find(story, "scheduler WAITING->PROCESSING "));
      assertTrue(sent.startsWith("UpdateGraph-"), story.toString());
      String run = find(story, " EXECUTING->MEMORY ");
      assertTrue(!run.startsWith("scheduler ") && story.stream().anyMatch(l -> !l.startsWith("scheduler ")
          && l.contains(" " + sent + " @")), "the worker logs its moves under the scheduler's id " + sent + ": " + story);
      String finished = stimulusOf(find(story, "scheduler PROCESSING->MEMORY "));
      assertEquals(stimulusOf(run), finished, "the scheduler logs the arrival under the worker's id: " + story);
      assertTrue(finished.startsWith(run.substring(0, run.indexOf(' ')) + ":"), "a worker id names its worker: " + story);

      for (int i = 1; i < story.size(); i++) {
        assertTrue(millis(story.get(i - 1)) <= millis(story.get(i)), "in time order: " + story);
      }
    }
  }

  private static String find(List<String> story, String part) {
    return story.stream().filter(l -> l.contains(part)).findFirst()
        .orElseThrow(() -> new AssertionError("no line with '" + part + "' in " + story));
  }

  /** The stimulus id of a line "WHO FROM->TO ID @MILLIS". */
  private static String stimulusOf(String line) {
    String[] parts = line.split(" ");
    return parts[parts.length - 2];
  }

  private static long millis(String line) {
    return Long.parseLong(line.substring(line.lastIndexOf(" @") + 2));
  }
}
