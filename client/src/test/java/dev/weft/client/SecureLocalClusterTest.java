package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.faults.TlsProbe;
import dev.weft.protocol.Promtool;
import dev.weft.protocol.tls.TlsMaterial;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code LocalCluster.builder().processes(true).security(true)}: worker JVMs and the client talk
 * TLS with temporary credentials, values cross the TLS data channel, the dashboard is HTTPS with a
 * required client certificate ({@code /metrics} still passes promtool), and a blocked handler
 * fails with an error naming it.
 */
@Tag("multi-jvm")
class SecureLocalClusterTest {

  @Test
  void aProcessesClusterWithTemporaryCredentialsComputesAndServesHttpsOnly() throws Exception {
    dev.weft.protocol.tls.TlsFiles files;
    try (LocalCluster cluster = LocalCluster.builder().processes(true).security(true).nWorkers(2).threadsPerWorker(1)
            .dashboardAddress(":0").blockedHandlers(List.of("run")).build();
         Client client = Client.connect(cluster)) {
      assertTrue(cluster.scheduler().toString().contains("\"tls://127.0.0.1/"), cluster.scheduler().toString());
      files = cluster.tlsFiles();
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
          java.nio.file.Files.getPosixFilePermissions(files.key())), "the worker JVMs' key is readable only by this user");
      List<Integer> out = client.gather(client.map(Demo::inc, IntStream.range(0, 200).boxed().toList())).await();
      assertEquals(IntStream.range(1, 201).boxed().toList(), out);
      byte[] big = client.submit(SecureLocalClusterTest::bytes, 3 << 20).result(Duration.ofMinutes(2));
      assertEquals(3 << 20, big.length, "a 3 MiB value came over the TLS data channel");
      TaskFuture<Integer> onOther = client.submit(SecureLocalClusterTest::length, client.submit(SecureLocalClusterTest::bytes, 2 << 20));
      assertEquals(2 << 20, onOther.result(Duration.ofMinutes(2)));

      WeftException blocked = assertThrows(WeftException.class, () -> client.run(() -> 1).await());
      assertTrue(blocked.getMessage().contains("blocked-handler: \"run\" is blocked on this scheduler"), blocked.getMessage());

      String status = cluster.dashboardLink();
      assertTrue(status.startsWith("https://127.0.0.1:"), status);
      String base = status.substring(0, status.length() - "/status".length());
      Vertx vertx = Vertx.vertx();
      try {
        TlsMaterial tls = cluster.security().material();
        String metrics = TlsProbe.get(vertx, tls, true, base + "/metrics").await();
        assertTrue(metrics.contains("weft_scheduler_workers 2.0"), metrics);
        assertTrue(TlsProbe.get(vertx, tls, true, base + "/health").await().contains("ok"), "health over HTTPS");
        Promtool.check(metrics);
        assertThrows(Exception.class, () -> TlsProbe.get(vertx, tls, false, base + "/metrics").await(),
            "HTTPS without a client certificate is refused");
        assertThrows(Exception.class, () -> TlsProbe.get(vertx, null, false, base.replace("https:", "http:") + "/metrics").await(),
            "plain HTTP is refused");
        String after = TlsProbe.get(vertx, tls, true, base + "/metrics").await();
        assertTrue(TlsProbe.refused(after, "dashboard") >= 2, "both refusals counted:\n" + after);
      } finally {
        vertx.close().await();
      }
    }
    assertFalse(java.nio.file.Files.exists(files.key().getParent()), "the credentials are removed at close");
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    b[n - 1] = 7;
    return b;
  }

  static int length(byte[] b) {
    return b[b.length - 1] == 7 ? b.length : -1;
  }
}
