package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.tls.TlsMaterial;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    try (LocalCluster cluster = LocalCluster.builder().processes(true).security(true).nWorkers(2).threadsPerWorker(1)
            .dashboardAddress(":0").blockedHandlers(List.of("run")).build();
         Client client = Client.connect(cluster)) {
      assertTrue(cluster.scheduler().toString().contains("\"tls://127.0.0.1/"), cluster.scheduler().toString());
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
        String metrics = get(vertx, tls, true, base + "/metrics").await();
        assertTrue(metrics.contains("weft_scheduler_workers 2.0"), metrics);
        assertTrue(get(vertx, tls, true, base + "/health").await().contains("ok"), "health over HTTPS");
        PrometheusMetricsTest.promtoolCheck(metrics);
        assertThrows(Exception.class, () -> get(vertx, tls, false, base + "/metrics").await(),
            "HTTPS without a client certificate is refused");
        assertThrows(Exception.class, () -> get(vertx, null, false, base.replace("https:", "http:") + "/metrics").await(),
            "plain HTTP is refused");
        String after = get(vertx, tls, true, base + "/metrics").await();
        assertTrue(refused(after, "dashboard") >= 2, "both refusals counted:\n" + after);
      } finally {
        vertx.close().await();
      }
    }
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    b[n - 1] = 7;
    return b;
  }

  static int length(byte[] b) {
    return b[b.length - 1] == 7 ? b.length : -1;
  }

  /** The value of {@code weft_tls_handshakes_refused_total{channel="…"}}. */
  static double refused(String metrics, String channel) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "^weft_tls_handshakes_refused_total\\{channel=\"" + channel + "\"} (\\S+)$", java.util.regex.Pattern.MULTILINE).matcher(metrics);
    assertTrue(m.find(), "no refusal counter for " + channel + " in\n" + metrics);
    return Double.parseDouble(m.group(1));
  }

  /**
   * GET {@code url}: over TLS trusting {@code tls}'s CA (null: plain HTTP), presenting its
   * certificate when {@code withCertificate}.
   */
  static Future<String> get(Vertx vertx, TlsMaterial tls, boolean withCertificate, String url) {
    HttpClientOptions options = new HttpClientOptions().setConnectTimeout(10_000);
    if (tls != null) {
      options.setSsl(true).setVerifyHost(false).setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.caPem())));
      if (withCertificate) {
        options.setKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(tls.certPem()))
            .addKeyValue(Buffer.buffer(tls.keyPem())));
      }
    }
    io.vertx.core.http.HttpClient http = vertx.createHttpClient(options);
    return http.request(new io.vertx.core.http.RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
        .compose(r -> r.send().compose(resp -> resp.statusCode() == 200 ? resp.body().map(Buffer::toString)
            : Future.failedFuture("HTTP " + resp.statusCode())))
        .timeout(30, TimeUnit.SECONDS)
        .eventually(http::close);
  }
}
