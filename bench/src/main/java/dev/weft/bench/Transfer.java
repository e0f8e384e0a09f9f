package dev.weft.bench;

import dev.weft.client.Client;
import dev.weft.client.ReturnWhen;
import dev.weft.client.TaskFuture;
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
 * W5: 100 MB from one worker JVM to another, next to a raw loopback socket in the same run. A
 * {@code double[12_500_000]} is made on worker-0 and left there; then a dependent task restricted
 * to worker-1 is submitted and the time from its submission to its result is taken (scheduling,
 * the {@code GetData}, serializing on worker-0, the data channel, decoding on worker-1, the
 * trivial task, the reply). Each run also moves 100 MB between heap arrays of two threads of this
 * JVM over a blocking 127.0.0.1 {@code java.nio} socket (see {@link #rawSocket}), so both see the
 * same load.
 */
final class Transfer {

  /** 12.5 million doubles: 100 MB (10^8 bytes). */
  static final int DOUBLES = 12_500_000;
  static final long BYTES = 8L * DOUBLES;
  /** Transfers before the measured ones: JIT warm-up of the fresh worker JVMs. */
  static final int WARMUPS = 3;
  /** Direct buffer size of the raw socket baseline. */
  private static final int CHUNK = 1 << 20;

  /** One run: MB/s (MB = 10^6 bytes) end to end and over the raw socket. */
  record Run(double weftMBps, double rawMBps) {}

  private long salt;

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

  /** One interleaved run: the Weft transfer, checked to have used the data channel, then the raw socket. */
  Run once(Client client) throws Exception {
    DataChannel.Stats before = client.run(DataChannel::stats).await().get("worker-1");
    double seconds = move(client, DOUBLES, ++salt);
    DataChannel.Stats after = client.run(DataChannel::stats).await().get("worker-1");
    if (after.valuesReceived() != before.valuesReceived() + 1) {
      throw new IllegalStateException("the value did not go over the data channel: " + before + " -> " + after);
    }
    return new Run(BYTES / 1e6 / seconds, BYTES / 1e6 / rawSocket(BYTES));
  }

  /** Seconds from submitting a task on worker-1 that needs {@code n} doubles made on worker-0 to its result. */
  private static double move(Client client, int n, long salt) {
    TaskFuture<double[]> made = client.task(Transfer::make, n, salt).workers("worker-0").submit();
    client.waitFor(List.of(made), ReturnWhen.ALL_COMPLETED, Duration.ofMinutes(2)).await();
    long start = System.nanoTime();
    TaskFuture<Integer> used = client.task(Transfer::lengthOf, made).workers("worker-1").submit();
    int length = used.result(Duration.ofMinutes(2));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (length != n) {
      throw new IllegalStateException("moved " + length + " doubles, expected " + n);
    }
    used.release();
    made.release();
    return seconds;
  }

  /**
   * Seconds to move {@code bytes} from a heap array in one thread to a heap array in another over
   * a loopback SocketChannel, through 1 MB direct buffers on both ends (what a Java program moving
   * heap data does at best: a heap buffer handed to the channel whole is first copied into a
   * temporary direct buffer of its full size).
   */
  private static double rawSocket(long bytes) throws Exception {
    byte[] out = new byte[(int) bytes];
    Arrays.fill(out, (byte) 7);
    byte[] into = new byte[(int) bytes];
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      CompletableFuture<Void> received = CompletableFuture.runAsync(() -> {
        try (SocketChannel in = server.accept()) {
          ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
          int at = 0;
          while (at < into.length) {
            chunk.clear().limit(Math.min(CHUNK, into.length - at));
            if (in.read(chunk) < 0) {
              throw new IllegalStateException("early end");
            }
            chunk.flip();
            int n = chunk.remaining();
            chunk.get(into, at, n);
            at += n;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      long start = System.nanoTime();
      try (SocketChannel sender = SocketChannel.open(server.getLocalAddress())) {
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        for (int at = 0; at < out.length; at += CHUNK) {
          chunk.clear();
          chunk.put(out, at, Math.min(CHUNK, out.length - at)).flip();
          while (chunk.hasRemaining()) {
            sender.write(chunk);
          }
        }
      }
      received.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (into[into.length - 1] != 7) {
        throw new IllegalStateException("raw transfer corrupted");
      }
      return seconds;
    }
  }
}
