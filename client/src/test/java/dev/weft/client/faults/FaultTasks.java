package dev.weft.client.faults;

import dev.weft.client.Client;
import dev.weft.client.Fn2;
import dev.weft.client.TaskFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Task functions of the fault tests (on the worker JVMs' classpath, the test classpath) and the
 * graph they run.
 */
public final class FaultTasks {

  private FaultTasks() {}

  /**
   * A tree reduction over {@code leaves} ({@code slowInc} leaves, pairwise {@code sum}s): about
   * {@code 2 × leaves} tasks whose root is {@code leaves × (leaves + 1) / 2}; each leaf's future is
   * added to {@code leafFutures}.
   */
  public static TaskFuture<Long> treeSum(Client client, int leaves, List<TaskFuture<Long>> leafFutures) {
    List<TaskFuture<Long>> level = client.map(FaultTasks::slowInc, IntStream.range(0, leaves).boxed().toList());
    leafFutures.addAll(level);
    return reduce(client, level, FaultTasks::sum);
  }

  /** {@code level}'s values combined pairwise on the workers, level by level, into one. */
  public static <T> TaskFuture<T> reduce(Client client, List<TaskFuture<T>> level, Fn2<T, T, T> combine) {
    while (level.size() > 1) {
      List<TaskFuture<T>> next = new ArrayList<>();
      for (int i = 0; i + 1 < level.size(); i += 2) {
        next.add(client.submit(combine, level.get(i), level.get(i + 1)));
      }
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      level = next;
    }
    return level.get(0);
  }

  /** {@code x + 1} after 2 ms, so that a graph is still running when a JVM is killed. */
  public static long slowInc(int x) throws InterruptedException {
    Thread.sleep(2);
    return x + 1L;
  }

  /**
   * {@code x + 1} after {@code millis} ms; each run appends {@code x} to this JVM's file
   * {@code runs-<pid>} under {@code dir}, so that a test counts how often each leaf ran.
   */
  public static long countedInc(String dir, int x, int millis) throws InterruptedException, java.io.IOException {
    Thread.sleep(millis);
    java.nio.file.Files.writeString(java.nio.file.Path.of(dir, "runs-" + ProcessHandle.current().pid()), x + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    return x + 1L;
  }

  /** {@code a + b}. */
  public static long sum(long a, long b) {
    return a + b;
  }

  /** {@code x + 1}. */
  public static int inc(int x) {
    return x + 1;
  }

  /** Sleeps {@code millis}, then returns it: a task still pending when its scheduler dies. */
  public static int sleep(int millis) throws InterruptedException {
    Thread.sleep(millis);
    return millis;
  }

  /** A value of {@code bytes} bytes, its first byte {@code seed}: a result worth dropping. */
  public static byte[] block(int seed, int bytes) {
    byte[] b = new byte[bytes];
    b[0] = (byte) seed;
    return b;
  }
}
