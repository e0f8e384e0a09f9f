package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Worker JVMs at their memory limit: spilling to disk, a local directory that cannot be written, pausing. */
@Tag("multi-jvm")
class WorkerMemoryTest {

  private static final int MIB = 1 << 20;
  private static final Duration LONG = Duration.ofMinutes(3);

  /** 8 MiB that cannot be compressed, the same for the same {@code i}. */
  static byte[] block(int i) {
    byte[] b = new byte[8 * MIB];
    new SplittableRandom(i).nextBytes(b);
    return b;
  }

  /** Files under {@code dir}, at any depth; walked again when a file went while it was walked (workers delete them). */
  private static long filesUnder(Path dir) {
    while (true) {
      try (Stream<Path> all = Files.walk(dir)) {
        return all.filter(Files::isRegularFile).count();
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof NoSuchFileException)) {
          throw e;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static long spilledBytes(Client client) {
    return client.schedulerInfo().await().workers().values().stream().mapToLong(WorkerInfo::spilledBytes).sum();
  }

  @Test
  void aHundredResultsOf8MiBOnTwo256MiBWorkersAllComeBackAndTheirSpillFilesGo(@TempDir Path local) {
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(2).threadsPerWorker(1)
            .memoryLimit("256MiB").localDirectory(local).build();
         Client client = Client.connect(cluster)) {
      List<TaskFuture<byte[]>> blocks = client.map(WorkerMemoryTest::block, IntStream.range(0, 100).boxed().toList());
      client.gather(blocks).await();
      assertTrue(spilledBytes(client) > 0 || filesUnder(local) > 0, "800 MiB on 2 × 256 MiB: something was spilled");
      Poll.until(LONG, "spilled bytes reported in the scheduler's worker info", () -> spilledBytes(client) > 0);
      for (int i = 0; i < blocks.size(); i++) {
        assertArrayEquals(block(i), blocks.get(i).result(), "block " + i);
      }
      assertTrue(filesUnder(local) > 0, "spill files under the local directory");
      assertEquals(List.of(), cluster.workerDeaths(), "no worker JVM died: the values were spilled, not recomputed");
      blocks.forEach(TaskFuture::release);
      Poll.until(LONG, "every spill file gone once the futures are released (" + filesUnder(local) + " left)",
          () -> filesUnder(local) == 0);
    }
    try (Stream<Path> left = Files.list(local)) {
      assertEquals(List.of(), left.toList(), "the workers' spill directories are removed when they stop");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aLocalDirectoryThatCannotBeWrittenKeepsResultsCorrectAndTheWorkerSaysWhyItPaused(@TempDir Path tmp) throws IOException {
    Path notADirectory = Files.writeString(tmp.resolve("a-file"), "spill files cannot go under a file");
    // Queuing off: all five tasks reach the worker at once. A worker that cannot spill pauses (after
    // three or four blocks, as its measured memory says), and as in dask tasks still queued on the
    // scheduler wait for a paused worker: with queuing on, the last block could wait for ever.
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(1).threadsPerWorker(1)
            .memoryLimit("256MiB").memoryThresholds(0.1, 0.7, 0.8).localDirectory(notADirectory)
            .workerSaturation(Double.POSITIVE_INFINITY).build();
         Client client = Client.connect(cluster)) {
      List<TaskFuture<byte[]>> blocks = client.map(WorkerMemoryTest::block, IntStream.range(0, 5).boxed().toList());
      client.gather(blocks).await();
      for (int i = 0; i < blocks.size(); i++) {
        assertArrayEquals(block(i), blocks.get(i).result(), "block " + i);
      }
      Poll.until(LONG, "the worker reported as paused, saying it cannot write spill files", () -> {
        WorkerInfo w = client.schedulerInfo().await().workers().values().iterator().next();
        return w.paused() && w.pauseReason().contains("cannot write spill files");
      });
      assertEquals(0, spilledBytes(client));
    }
  }

  /** Holds memory outside the worker's values (a leak, or a library's cache). */
  static final List<byte[]> HELD = new ArrayList<>();

  /** Waits for {@code gate1}, then holds {@code mib} MiB and waits for {@code gate2}; returns its worker's name. */
  static String hog(String gate1, String gate2, int mib) throws InterruptedException {
    waitFor(Path.of(gate1));
    synchronized (HELD) {
      for (int i = 0; i < mib; i++) {
        HELD.add(new byte[MIB]);
      }
    }
    waitFor(Path.of(gate2));
    return WorkerContext.current().workerName();
  }

  private static void waitFor(Path gate) throws InterruptedException {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (!Files.exists(gate) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  static int releaseHeld() {
    synchronized (HELD) {
      int n = HELD.size();
      HELD.clear();
      return n;
    }
  }

  static String whereAmI(int ignored) {
    return WorkerContext.current().workerName();
  }

  private static WorkerInfo info(Client client, String worker) {
    return client.schedulerInfo().await().workers().get(worker);
  }

  @Test
  void aWorkerPastPauseGetsNoNewTaskItsQueuedTasksMoveAndItResumesWhenMemoryIsReleased(@TempDir Path gates) throws IOException {
    // Pause at half of 256 MiB; no stealing, so only the pause can move tasks off the paused worker.
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(2).threadsPerWorker(1)
            .memoryLimit("256MiB").memoryThresholds(0.6, 0, 0.5).workerSaturation(Double.POSITIVE_INFINITY)
            .workStealing(false).build();
         Client client = Client.connect(cluster)) {
      client.waitForWorkers(2, LONG).await();
      List<String> names = new ArrayList<>(client.schedulerInfo().await().workers().keySet());
      String a = names.get(0);
      String b = names.get(1);
      Path gate1 = gates.resolve("allocate");
      Path gate2 = gates.resolve("return");
      TaskFuture<String> hog = client.task(WorkerMemoryTest::hog, gate1.toString(), gate2.toString(), 160)
          .workers(a).allowOtherWorkers(false).submit();
      Poll.until(LONG, "the hog on " + a, () -> info(client, a).processing() == 1);

      List<TaskFuture<String>> queued = client.map(WorkerMemoryTest::whereAmI, IntStream.range(0, 10).boxed().toList());
      Poll.until(LONG, b + " done with its share while tasks wait behind the hog on " + a,
          () -> info(client, b).processing() == 0 && info(client, a).processing() >= 2);

      Files.createFile(gate1);
      Poll.until(LONG, a + " paused by the memory its task holds", () -> info(client, a).paused());
      for (TaskFuture<String> f : queued) {
        assertEquals(b, f.result(LONG), "a task queued on the paused worker moved to the other one");
      }
      List<TaskFuture<String>> later = client.map(WorkerMemoryTest::whereAmI, IntStream.range(10, 20).boxed().toList());
      for (TaskFuture<String> f : later) {
        assertEquals(b, f.result(LONG), "no new task for the paused worker");
      }
      assertTrue(info(client, a).paused(), "still paused: its memory is still held");

      Files.createFile(gate2);
      assertEquals(a, hog.result(LONG));
      client.run(WorkerMemoryTest::releaseHeld).await();
      Poll.until(LONG, a + " resumed once the memory was released", () -> !info(client, a).paused());
      Poll.until(LONG, a + " takes work again", () -> client.gather(
          client.map(WorkerMemoryTest::whereAmI, IntStream.range(100, 120).boxed().toList())).await().contains(a));
    }
  }
}
