package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code LocalClusterBuilder.host(...)} is honoured or refused, never ignored. */
class LocalClusterHostTest {

  @Test
  void aUrlOrAHostWithoutSocketsIsRefused() {
    IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
        () -> LocalCluster.builder().host("tcp://127.0.0.2").spec());
    assertTrue(url.getMessage().startsWith("host: a host name or address, not a URL (\"tcp://127.0.0.2\")"), url.getMessage());
    IllegalArgumentException inproc = assertThrows(IllegalArgumentException.class,
        () -> LocalCluster.builder().host("127.0.0.2").spec());
    assertTrue(inproc.getMessage().startsWith("host: \"127.0.0.2\" would bind nothing with protocol \"inproc\""),
        inproc.getMessage());
  }

  @Test
  void withTcpTheSchedulerWorkersAndDashboardBindTheHost() {
    try (LocalCluster cluster = LocalCluster.builder().protocol("tcp").host("127.0.0.2").nWorkers(1).threadsPerWorker(1)
        .dashboardAddress(":0").build();
         Client client = Client.connect(cluster)) {
      assertEquals(42, client.submit(Demo::inc, 41).result(Duration.ofMinutes(1)));
      assertTrue(cluster.scheduler().address().startsWith("tcp://127.0.0.2/"), cluster.scheduler().address());
      assertTrue(cluster.dashboardLink().startsWith("http://127.0.0.2:"), cluster.dashboardLink());
      assertTrue(cluster.toString().contains("\"tcp://127.0.0.2/"), cluster.toString());
    }
  }

  @Test
  void anAddressThisMachineDoesNotHaveFailsTheBuildWithinSeconds() {
    RuntimeException e = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> assertThrows(RuntimeException.class,
        () -> LocalCluster.builder().protocol("tcp").host("10.9.9.9").name("no-such-host-" + ProcessHandle.current().pid())
            .nWorkers(1).build()));
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t).append(" / ");
    }
    assertTrue(messages.toString().contains("10.9.9.9"), messages.toString());
  }
}
