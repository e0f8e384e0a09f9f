package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.RemoteError;
import dev.weft.protocol.SchedulerSnapshot;
import dev.weft.protocol.WorkerSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the client makes of the scheduler's answers about memory: a worker's status and memory
 * split reach {@link WorkerInfo}, and a task refused as too large for every worker is a
 * {@link TaskTooLargeException}.
 */
class WorkerMemoryInfoTest {

  @Test
  void workerInfoCarriesStatusAndTheMemorySplit() {
    SchedulerSnapshot s = new SchedulerSnapshot("inproc://x", List.of(
        new WorkerSnapshot("w1", 2, 1L << 30, Map.of(), 1, 2, 300, 2, "paused", "memory 85% of the limit",
            5_000, 4_000, 7_000, 3),
        new WorkerSnapshot("w2", 1, 0, Map.of(), 0, 0, 0, 0, "running", "", 0, 0, 0, 0)), Map.of(), "", "node-1");

    Map<String, WorkerInfo> workers = ClusterQueries.toInfo(s).workers();

    assertEquals(new WorkerInfo("w1", 2, 1L << 30, Map.of(), 1, 2, 300, 2, "paused", "memory 85% of the limit",
        5_000, 4_000, 7_000, 3), workers.get("w1"));
    assertTrue(workers.get("w1").paused());
    assertFalse(workers.get("w2").paused());
    assertEquals(new WorkerInfo("w2", 1, 0, Map.of(), 0, 0, 0, 0), workers.get("w2"),
        "the constructor of earlier releases makes a running worker with nothing measured");
  }

  @Test
  void aTaskTooLargeForEveryWorkerFailsWithTaskTooLargeException() {
    String message = "Task y has 3.00 GiB worth of input dependencies, but worker w1 has memory_limit set to 1.00 GiB.";
    WeftException e = RemoteErrors.toException("y", new RemoteError(TaskTooLargeException.class.getName(), message,
        List.of(), null));

    assertInstanceOf(TaskTooLargeException.class, e);
    assertEquals(message, e.getMessage());
  }
}
