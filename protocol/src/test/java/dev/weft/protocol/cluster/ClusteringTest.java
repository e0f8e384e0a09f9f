package dev.weft.protocol.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import org.junit.jupiter.api.Test;

/** The Hazelcast layer's hardening: one interface, an explicit member list, filtered deserialization. */
class ClusteringTest {

  @Test
  void theDefaultNameIsRefusedOffLoopback() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Clustering.hazelcast(Clustering.DEFAULT_NAME, "10.20.30.40", false));
    assertTrue(e.getMessage().startsWith("clusterName: binding 10.20.30.40 (not loopback) needs a cluster name"), e.getMessage());
    assertEquals("team-a", Clustering.hazelcast("team-a", "10.20.30.40", false).getClusterName());
    assertEquals(Clustering.DEFAULT_NAME, Clustering.hazelcast(Clustering.DEFAULT_NAME, "127.0.0.1", false).getClusterName());
  }

  @Test
  void hazelcastBindsOneInterfaceJoinsByMemberListAndFiltersJavaDeserialization() {
    Config c = Clustering.hazelcast("hardening", "127.0.0.7", false);
    assertTrue(c.getNetworkConfig().getInterfaces().isEnabled());
    assertEquals(java.util.List.of("127.0.0.7"), java.util.List.copyOf(c.getNetworkConfig().getInterfaces().getInterfaces()));
    assertFalse(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
    assertTrue(c.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
    assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
    JavaSerializationFilterConfig filter = c.getSerializationConfig().getJavaSerializationFilterConfig();
    assertTrue(filter != null && !filter.isDefaultsDisabled(), "Java deserialization is filtered");
    assertTrue(filter.getWhitelist().getPrefixes().contains("io.vertx.spi.cluster.hazelcast."));
  }
}
