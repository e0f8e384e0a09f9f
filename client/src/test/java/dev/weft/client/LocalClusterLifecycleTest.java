package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code LocalCluster}'s life as dask's: closing right after {@code build()} is orderly, a
 * closed cluster refuses clients with a clear error, {@code waitForWorkers} times out with a
 * timeout error, and {@code toString()} reads like dask's repr.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LocalClusterLifecycleTest {

  @Test
  void closingRightAfterBuildLogsNoErrorAndNoStackTrace() {
    List<LogRecord> records;
    try (LogCapture capture = LogCapture.of("")) {
      for (int i = 0; i < 3; i++) { // the dashboard starts beside the scheduler: close while it may still start
        LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(":0").build().close();
      }
      records = capture.records();
    }
    List<LogRecord> bad = records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue() || r.getThrown() != null)
        .toList();
    assertTrue(bad.isEmpty(), "logged while closing: " + bad.stream()
        .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown())
        .collect(Collectors.joining("\n")));
    assertTrue(records.stream().anyMatch(r -> r.getMessage().contains("started")), "the handler saw the cluster's log");
  }

  @Test
  void connectingToAClosedClusterFailsWithAClearWeftException() {
    LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(null).build();
    cluster.close();
    WeftException e = assertThrows(WeftException.class, () -> Client.connect(cluster));
    assertTrue(e.getMessage().contains("closed") && e.getMessage().contains(cluster.name()), e.getMessage());

    Vertx closed = Vertx.vertx();
    closed.close().await();
    Future<Client> connecting = Client.connect(closed);
    WeftException viaVertx = assertThrows(WeftException.class, connecting::await);
    assertTrue(viaVertx.getMessage().contains("closed"), viaVertx.getMessage());
  }

  @Test
  void waitForWorkersTimesOutWithATimeoutErrorSayingHowManyArrived() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      long start = System.nanoTime();
      WeftTimeoutException e = assertThrows(WeftTimeoutException.class,
          () -> client.waitForWorkers(3, Duration.ofSeconds(2)).await());
      assertTrue(System.nanoTime() - start >= Duration.ofSeconds(2).toNanos(), "not before the timeout");
      assertEquals("waitForWorkers: only 1 of 3 workers arrived within 2000 ms", e.getMessage());
      assertTrue(e instanceof WeftException, "still a WeftException");

      client.waitForWorkers(1, Duration.ofSeconds(60)).await(); // enough workers: completes
    }
  }

  @Test
  void toStringReadsLikeDasksRepr() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(2).memoryLimit("1GiB")
        .dashboardAddress(null).build()) {
      String address = cluster.scheduler().address();
      assertTrue(address.startsWith("inproc://"), address);
      assertEquals("LocalCluster(\"" + cluster.name() + "\", \"" + address + "\", workers=2, threads=4, memory=2.00 GiB)",
          cluster.toString());
      cluster.scale(1).await();
      assertEquals("LocalCluster(\"" + cluster.name() + "\", \"" + address + "\", workers=1, threads=2, memory=1.00 GiB)",
          cluster.toString());
    }
    try (LocalCluster unlimited = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).memoryLimit("0")
        .dashboardAddress(null).build()) {
      assertTrue(unlimited.toString().endsWith(", workers=1, threads=1, memory=unlimited)"), unlimited.toString());
    }
  }
}
