package dev.weft.bench;

import dev.weft.client.Client;
import dev.weft.client.LocalCluster;
import dev.weft.client.ReturnWhen;
import dev.weft.client.TaskFuture;
import dev.weft.protocol.Serializers;
import dev.weft.worker.verticle.DataChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * 100 MB between two worker JVMs, next to a raw loopback socket, in one run. For each repetition
 * a {@code double[12_500_000]} is made on worker-0 and left there; then a dependent task
 * restricted to worker-1 is submitted and the time from its submission to its result is taken
 * (scheduling, the {@code GetData}, serializing on worker-0, the data channel, decoding on
 * worker-1, the trivial task, the reply). Printed beside it: the same with a 1 KB value (the fixed
 * cost of that round), the channel's own read time on worker-1 (connect to last byte), Fory's
 * in-JVM round trip of the array, and a blocking {@code java.nio} SocketChannel moving 100 MB
 * between two threads of this JVM over 127.0.0.1 (heap arrays on both ends). Median [min–max]
 * after one warm-up.
 */
public final class TransferBench {

  /** 12.5 million doubles: 100 MB (10^8 bytes). */
  static final int N = 12_500_000;
  static final double MB = 1e6;

  private TransferBench() {}

  static double[] make(int n, long salt) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = i + salt;
    }
    return a;
  }

  static int lengthOf(double[] a) {
    return a.length;
  }

  /** Runs the measurement; {@code args[0]} = repetitions (default 5). */
  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    long bytes = 8L * N;
    double[] endToEnd = new double[reps];
    double[] small = new double[reps];
    double[] channel = new double[reps];
    double[] raw = new double[reps];
    double[] fory = new double[reps];
    long started = System.nanoTime();
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(2).threadsPerWorker(1).validate(false).build();
         Client client = Client.connect(cluster)) {
      System.out.printf("cluster of 2 worker JVMs up in %.1f s%n", (System.nanoTime() - started) / 1e9);
      long salt = 0;
      // Interleaved, so that each kind of transfer sees the same machine load.
      for (int r = -1; r < reps; r++) {
        DataChannel.Stats before = client.run(DataChannel::stats).await().get("worker-1");
        double seconds = move(client, N, ++salt);
        DataChannel.Stats after = client.run(DataChannel::stats).await().get("worker-1");
        if (after.valuesReceived() != before.valuesReceived() + 1) {
          throw new IllegalStateException("the value did not go over the data channel: " + before + " -> " + after);
        }
        double smallSeconds = move(client, 128, ++salt);
        double rawSeconds = rawSocket(bytes);
        double forySeconds = foryRoundTrip();
        if (r >= 0) {
          endToEnd[r] = bytes / MB / seconds;
          small[r] = smallSeconds * 1e3;
          channel[r] = (after.bytesReceived() - before.bytesReceived()) / MB
              / ((after.receiveNanos() - before.receiveNanos()) / 1e9);
          raw[r] = bytes / MB / rawSeconds;
          fory[r] = bytes / MB / forySeconds;
        }
      }
    }
    System.out.printf("%-68s %10s %22s%n", "100 MB (double[12_500_000]), " + reps + " runs after 1 warm-up", "median", "[min - max]");
    row("worker JVM -> worker JVM, dependent submit -> result (MB/s)", endToEnd);
    row("  same round with a 1 KB value (ms, fixed cost)", small);
    row("  data channel read on worker-1, connect -> last byte (MB/s)", channel);
    row("  Fory serialize + deserialize in one JVM (MB/s)", fory);
    row("raw loopback java.nio SocketChannel, blocking, heap arrays (MB/s)", raw);
    System.out.printf("load average: %.2f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** Seconds from submitting a task on worker-1 that needs {@code n} doubles made on worker-0 to its result. */
  static double move(Client client, int n, long salt) {
    TaskFuture<double[]> made = client.task(TransferBench::make, n, salt).workers("worker-0").submit();
    client.waitFor(List.of(made), ReturnWhen.ALL_COMPLETED, Duration.ofMinutes(2)).await();
    long start = System.nanoTime();
    TaskFuture<Integer> used = client.task(TransferBench::lengthOf, made).workers("worker-1").submit();
    int length = used.result(Duration.ofMinutes(2));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (length != n) {
      throw new IllegalStateException("moved " + length + " doubles, expected " + n);
    }
    used.release();
    made.release();
    return seconds;
  }

  /** Seconds to move {@code bytes} from one thread to another over a loopback SocketChannel. */
  static double rawSocket(long bytes) throws Exception {
    byte[] out = new byte[(int) bytes];
    Arrays.fill(out, (byte) 7);
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
        try (SocketChannel in = server.accept()) {
          byte[] into = new byte[(int) bytes];
          ByteBuffer buffer = ByteBuffer.wrap(into);
          while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
              throw new IllegalStateException("early end");
            }
          }
          return into;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      long start = System.nanoTime();
      try (SocketChannel sender = SocketChannel.open(server.getLocalAddress())) {
        ByteBuffer buffer = ByteBuffer.wrap(out);
        while (buffer.hasRemaining()) {
          sender.write(buffer);
        }
      }
      byte[] got = received.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (got[got.length - 1] != 7) {
        throw new IllegalStateException("raw transfer corrupted");
      }
      return seconds;
    }
  }

  /** Seconds for Fory to serialize and deserialize the 100 MB array once in this JVM. */
  static double foryRoundTrip() {
    double[] a = make(N, 1);
    long start = System.nanoTime();
    byte[] b = Serializers.DEFAULT.serialize(a);
    double[] back = (double[]) Serializers.DEFAULT.deserialize(b, TransferBench.class.getClassLoader());
    double seconds = (System.nanoTime() - start) / 1e9;
    if (back.length != N || back[N - 1] != a[N - 1]) {
      throw new IllegalStateException("Fory round trip corrupted");
    }
    return seconds;
  }

  private static void row(String name, double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    System.out.printf("%-68s %10.1f   [%8.1f - %8.1f]%n", name, sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
  }
}
