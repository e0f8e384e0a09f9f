package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import dev.weft.protocol.cluster.Clustering;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code LocalClusterBuilder.hazelcastConfig(...)}: your Hazelcast configuration for the cluster, or a clear refusal. */
class LocalClusterHazelcastTest {

  /** A configuration with its own port range, Weft's placeholders filled in. */
  private static Path file(Path dir) throws Exception {
    return Files.writeString(dir.resolve("hazelcast.xml"), String.join("\n",
        "<hazelcast xmlns=\"http://www.hazelcast.com/schema/config\">",
        "  <cluster-name>${weft.cluster.name}</cluster-name>",
        "  <properties><property name=\"hazelcast.local.localAddress\">${weft.cluster.host}</property></properties>",
        "  <network>",
        "    <port auto-increment=\"true\" port-count=\"100\">6301</port>",
        "    <join><multicast enabled=\"false\"/><auto-detection enabled=\"false\"/>",
        "      <tcp-ip enabled=\"true\"><member>${weft.cluster.members}</member></tcp-ip></join>",
        "  </network>",
        "</hazelcast>"));
  }

  @Test
  void aFileConfiguresTheSchedulersJvmAndTheWorkerJvms(@TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(1).threadsPerWorker(1)
        .dashboardAddress(null).hazelcastConfig(file(dir)).build();
         Client client = Client.connect(cluster)) {
      assertEquals(42, client.submit(Demo::inc, 41).result(Duration.ofMinutes(2)), "computed in a worker JVM");
      int port = Integer.parseInt(Clustering.memberAddress(cluster.vertx()).split(":")[1]);
      assertTrue(port >= 6301 && port < 6401, "the scheduler's member took the file's port range: " + port);
    }
  }

  @Test
  void aConfigIsUsedAsGivenInThisJvmAndRefusedWhereItCannotGo() {
    Config mine = new Config().setClusterName("as-given-" + ProcessHandle.current().pid());
    mine.setProperty("hazelcast.local.localAddress", "127.0.0.1");
    mine.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    mine.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    try (LocalCluster cluster = LocalCluster.builder().protocol("tcp").nWorkers(1).threadsPerWorker(1)
        .dashboardAddress(null).hazelcastConfig(mine).build();
         Client client = Client.connect(cluster)) {
      assertEquals(42, client.submit(Demo::inc, 41).result(Duration.ofMinutes(1)));
    }
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> LocalCluster.builder().processes(true).hazelcastConfig(mine).spec()).getMessage()
        .startsWith("hazelcastConfig: a Config cannot reach worker JVMs"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> LocalCluster.builder().hazelcastConfig(mine).spec()).getMessage()
        .startsWith("hazelcastConfig: needs protocol \"tcp\" or \"tls\""));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> LocalCluster.builder().protocol("tcp").hazelcastConfig(Path.of("/no/such.xml")).spec()).getMessage()
        .startsWith("hazelcastConfig: cannot read /no/such.xml"));
  }
}
