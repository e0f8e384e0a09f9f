package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.worker.verticle.DataChannel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Large values move between JVMs over the workers' direct data channel, not in event-bus messages:
 * worker to worker for a dependency, and worker to client for a result.
 */
@Tag("multi-jvm")
class DataChannelTest {

  /** 12.5 million doubles: 100 MB. */
  static final int N = 12_500_000;

  static double[] ramp(int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** Checks every element, so a torn or shifted transfer cannot pass; returns the length. */
  static int checkRamp(double[] a) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != i) {
        throw new IllegalStateException("element " + i + " is " + a[i]);
      }
    }
    return a.length;
  }

  @Test
  void aHundredMegabyteValueMovesBetweenWorkerJvmsAndToTheClientOverTheDataChannel() {
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      Map<String, DataChannel.Stats> before = client.run(DataChannel::stats).await();

      TaskFuture<double[]> big = client.task(DataChannelTest::ramp, N).workers("worker-0").submit();
      TaskFuture<Integer> checked = client.task(DataChannelTest::checkRamp, big).workers("worker-1").submit();
      assertEquals(N, checked.result(Duration.ofMinutes(2)));
      assertEquals(java.util.Set.of("worker-0", "worker-1"),
          java.util.Set.copyOf(client.whoHas(java.util.List.of(big)).await().get(big.key())),
          "made on worker-0, copied to worker-1");

      Map<String, DataChannel.Stats> after = client.run(DataChannel::stats).await();
      long payload = 8L * N;
      DataChannel.Stats producer = after.get("worker-0");
      DataChannel.Stats consumer = after.get("worker-1");
      assertEquals(before.get("worker-0").valuesSent() + 1, producer.valuesSent(), after.toString());
      assertTrue(producer.bytesSent() - before.get("worker-0").bytesSent() >= payload, after.toString());
      assertEquals(before.get("worker-1").valuesReceived() + 1, consumer.valuesReceived(), after.toString());
      assertTrue(consumer.bytesReceived() - before.get("worker-1").bytesReceived() >= payload, after.toString());

      DataChannel.Stats clientBefore = DataChannel.stats();
      double[] back = big.result(Duration.ofMinutes(2));
      assertEquals(N, checkRamp(back));
      DataChannel.Stats clientAfter = DataChannel.stats();
      assertEquals(clientBefore.valuesReceived() + 1, clientAfter.valuesReceived(), "the client read it over the channel");
      assertTrue(clientAfter.bytesReceived() - clientBefore.bytesReceived() >= payload);

      // Small values still travel in event-bus messages.
      TaskFuture<double[]> small = client.task(DataChannelTest::ramp, 1_000).workers("worker-0").submit();
      assertEquals(1_000, client.task(DataChannelTest::checkRamp, small).workers("worker-1").submit().result());
      assertEquals(1_000, small.result().length);
      assertEquals(clientAfter.valuesReceived(), DataChannel.stats().valuesReceived());
      Map<String, DataChannel.Stats> last = client.run(DataChannel::stats).await();
      assertEquals(after.get("worker-1").valuesReceived(), last.get("worker-1").valuesReceived(), last.toString());
    }
  }
}
