package dev.weft.bench;

import dev.weft.client.Client;
import dev.weft.client.LocalCluster;
import dev.weft.client.TaskFuture;
import dev.weft.client.WorkerInfo;
import dev.weft.worker.verticle.SpillDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * W8: the cost of spilling. On the disk path alone (a worker's spill files in this JVM, under the
 * temporary directory where workers spill by default): {@value #VALUES} values of 8 MiB written and
 * read back, random (LZ4's probe finds nothing to gain: written raw) and repetitive (compressed).
 * End to end: {@code map} making {@value #VALUES} results of 8 MiB and {@code gather}ing them on 2
 * worker JVMs at 256 MiB each (800 MiB on 2 × 256 MiB: most are spilled and read back to be sent)
 * and at 2 GiB each (nothing spilled), as MB of results per second.
 */
final class Spilling {

  /** Values per run. */
  static final int VALUES = 100;
  private static final int BYTES = 8 << 20;
  /** MB = 10^6 bytes, as the other rates of the table. */
  private static final double MB = 1e6;

  /** 8 MiB of random bytes, the same for the same {@code i}. */
  static byte[] random(int i) {
    byte[] b = new byte[BYTES];
    new SplittableRandom(i).nextBytes(b);
    return b;
  }

  /** 8 MiB of a repeating 4 KiB pattern, which LZ4 shrinks. */
  static byte[] repetitive(int i) {
    byte[] b = new byte[BYTES];
    byte[] pattern = random(i + 1_000_000);
    for (int at = 0; at < BYTES; at += 4096) {
      System.arraycopy(pattern, at % 65_536, b, at, 4096);
    }
    return b;
  }

  /** Write and read-back rates of the disk path in MB/s, for random or repetitive values. */
  static double[] diskMBps(boolean compressible) throws Exception {
    byte[][] values = new byte[VALUES][];
    for (int i = 0; i < VALUES; i++) {
      values[i] = compressible ? repetitive(i) : random(i);
    }
    Path dir = Files.createTempDirectory("weft-bench-spill");
    try {
      SpillDisk.Times t = SpillDisk.writeAndRead(dir, values);
      double total = (double) VALUES * BYTES / MB;
      return new double[] {total / t.writeSeconds(), total / t.readSeconds()};
    } finally {
      Files.deleteIfExists(dir);
    }
  }

  /** One cluster of 2 worker JVMs at {@code memoryLimit} each, kept for the runs. */
  static LocalCluster cluster(String memoryLimit) {
    return LocalCluster.builder().nWorkers(2).threadsPerWorker(1).processes(true).memoryLimit(memoryLimit).build();
  }

  /**
   * One run: MB of results per second from submitting the map to holding every result here;
   * checked correct, and checked to have spilled when {@code mustSpill}. The futures are released.
   */
  static double endToEndMBps(Client client, boolean mustSpill) throws InterruptedException {
    long start = System.nanoTime();
    List<TaskFuture<byte[]>> blocks = client.map(Spilling::random, IntStream.range(0, VALUES).boxed().toList());
    List<byte[]> results = client.gather(blocks).await();
    double seconds = (System.nanoTime() - start) / 1e9;
    long spilled = spilledBytes(client);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (mustSpill && spilled == 0 && System.nanoTime() < deadline) {
      Thread.sleep(100); // heartbeats carry what is on disk, once a second
      spilled = spilledBytes(client);
    }
    for (int i = 0; i < VALUES; i += 17) {
      if (!java.util.Arrays.equals(results.get(i), random(i))) {
        throw new IllegalStateException("result " + i + " differs");
      }
    }
    blocks.forEach(TaskFuture::release);
    if (mustSpill && spilled == 0) {
      throw new IllegalStateException("nothing was spilled: W8 measured no spilling");
    }
    return (double) VALUES * BYTES / MB / seconds;
  }

  private static long spilledBytes(Client client) {
    return client.schedulerInfo().await().workers().values().stream().mapToLong(WorkerInfo::spilledBytes).sum();
  }
}
