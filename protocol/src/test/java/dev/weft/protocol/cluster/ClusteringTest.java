package dev.weft.protocol.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hazelcast layer: hardened by default (one interface, an explicit member list, filtered
 * deserialization), the user's own configuration when given, and no JVM-wide side effects.
 */
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
  void hazelcastBindsOneAddressJoinsByMemberListAndFiltersJavaDeserialization() {
    Config c = Clustering.hazelcast("hardening", "127.0.0.7", false);
    assertEquals("127.0.0.7", c.getProperty("hazelcast.local.localAddress"));
    assertFalse(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
    assertTrue(c.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
    assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
    JavaSerializationFilterConfig filter = c.getSerializationConfig().getJavaSerializationFilterConfig();
    assertTrue(filter != null && !filter.isDefaultsDisabled(), "Java deserialization is filtered");
    assertTrue(filter.getWhitelist().getPrefixes().contains("io.vertx.spi.cluster.hazelcast."));
  }

  @Test
  void weftsConfigurationIsNotAClasspathRootClusterXmlThatWouldCaptureOtherClusterManagers() {
    assertNull(ClusteringTest.class.getClassLoader().getResource("cluster.xml"),
        "a plain new HazelcastClusterManager() must not pick up Weft's configuration");
    assertNotNull(ClusteringTest.class.getClassLoader().getResource(Clustering.BUILT_IN));
  }

  @Test
  void hazelcastLogsThroughTheJvmsLoggingWithoutASystemProperty() {
    Config c = Clustering.hazelcast("logging", "127.0.0.1", false);
    assertEquals("jdk", c.getProperty("hazelcast.logging.type"));
    assertNull(System.getProperty("hazelcast.logging.type"), "no global switch");
    assertEquals(java.util.logging.Level.WARNING, java.util.logging.Logger.getLogger("com.hazelcast").getLevel());
  }

  @Test
  void aUsersFileGetsTheNameHostAndMembersFilledIn(@TempDir Path dir) throws Exception {
    Path xml = dir.resolve("my-hazelcast.xml");
    Files.writeString(xml, String.join("\n",
        "<hazelcast xmlns=\"http://www.hazelcast.com/schema/config\">",
        "  <cluster-name>${weft.cluster.name}</cluster-name>",
        "  <network>",
        "    <port auto-increment=\"true\">5901</port>",
        "    <interfaces enabled=\"true\"><interface>${weft.cluster.host}</interface></interfaces>",
        "    <join><multicast enabled=\"false\"/><tcp-ip enabled=\"true\"><member>${weft.cluster.members}</member></tcp-ip></join>",
        "  </network>",
        "</hazelcast>"));
    Config c = Clustering.hazelcast(ClusterJoin.of("mine", "127.0.0.2").withMembers(List.of("127.0.0.1:5901", "127.0.0.3"))
        .withHazelcastFile(xml), false);
    assertEquals("mine", c.getClusterName());
    assertEquals(5901, c.getNetworkConfig().getPort());
    assertEquals(List.of("127.0.0.2"), List.copyOf(c.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals(List.of("127.0.0.1:5901", "127.0.0.3"), c.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());

    Path yaml = dir.resolve("my-hazelcast.yaml");
    Files.writeString(yaml, "hazelcast:\n  cluster-name: ${weft.cluster.name}-yaml\n");
    assertEquals("mine-yaml", Clustering.hazelcast(ClusterJoin.of("mine", "127.0.0.1").withHazelcastFile(yaml), false).getClusterName());

    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Clustering.hazelcast(ClusterJoin.of("mine", "127.0.0.1").withHazelcastFile(dir.resolve("nope.xml")), false));
    assertTrue(missing.getMessage().startsWith("hazelcastConfigFile: "), missing.getMessage());
  }

  @Test
  void aUsersConfigIsUsedAsGiven() {
    Config mine = new Config().setClusterName("as-given");
    assertSame(mine, Clustering.hazelcast(ClusterJoin.of("ignored", "127.0.0.1").withHazelcastConfig(mine), true));
    assertEquals("as-given", mine.getClusterName());
    assertTrue(mine.isLiteMember());
    assertThrows(IllegalArgumentException.class,
        () -> new ClusterJoin("c", "127.0.0.1", List.of(), Path.of("x.xml"), new Config()), "one or the other");
    assertThrows(IllegalArgumentException.class, () -> ClusterJoin.of("", "127.0.0.1"));
  }

  @Test
  void aFounderLooksForNoMemberAndTheOthersForTheirMemberList() {
    ClusterJoin join = ClusterJoin.of("fresh", "127.0.0.1").withMembers(List.of("127.0.0.1:5705"));
    assertEquals(List.of("127.0.0.1:5705"), Clustering.hazelcast(join, false).getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    Config founder = Clustering.hazelcast(join.asFounder(), false);
    assertEquals(List.of(), founder.getNetworkConfig().getJoin().getTcpIpConfig().getMembers(), "no one to ask");
    assertTrue(founder.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled(), "still joined by TCP-IP by the others");
    assertTrue(join.asFounder().withMembers(List.of()).founder(), "kept through the other settings");
    Config mine = new Config().setClusterName("as-given");
    mine.getNetworkConfig().getJoin().getTcpIpConfig().addMember("127.0.0.1:5709");
    Clustering.hazelcast(join.asFounder().withHazelcastConfig(mine), false);
    assertEquals(List.of("127.0.0.1:5709"), mine.getNetworkConfig().getJoin().getTcpIpConfig().getMembers(), "a user's Config is used as given");
  }
}
