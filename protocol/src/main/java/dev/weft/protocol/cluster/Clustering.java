package dev.weft.protocol.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import dev.weft.protocol.tls.ClusterTls;
import dev.weft.protocol.tls.TlsMaterial;
import dev.weft.protocol.tls.TlsRefusals;
import dev.weft.protocol.tls.WatchingTransport;

/**
 * Starts Vert.x instances whose event bus is clustered with Hazelcast, configured by
 * {@code conf/cluster.xml} (on the classpath as {@code cluster.xml}): TCP-IP join on one host,
 * multicast, phone-home and join delays off. Clusters are kept apart by name: give every cluster,
 * and every test run, its own.
 */
public final class Clustering {

  /** System property naming the cluster (read by {@code cluster.xml}). */
  public static final String NAME_PROPERTY = "weft.cluster.name";
  /** System property naming the host to bind and join on (read by {@code cluster.xml}). */
  public static final String HOST_PROPERTY = "weft.cluster.host";
  /** System property naming where to find members: the host, or a member's exact host:port. */
  public static final String MEMBERS_PROPERTY = "weft.cluster.members";

  /** The cluster name used when none is given; allowed on loopback only. */
  public static final String DEFAULT_NAME = "weft";

  static {
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "none");
    }
    System.setProperty("hazelcast.phone.home.enabled", "false");
  }

  private Clustering() {}

  /**
   * The Hazelcast configuration of a member of cluster {@code name} on {@code host}. Anything but
   * a loopback host needs a cluster name chosen on purpose: the default name "weft" is refused
   * there, so that two teams' clusters on one network never merge by accident.
   */
  public static Config hazelcast(String name, String host, boolean lite) {
    if (DEFAULT_NAME.equals(name) && !isLoopback(host)) {
      throw new IllegalArgumentException("clusterName: binding " + host + " (not loopback) needs a cluster name of"
          + " your own, not the default \"" + DEFAULT_NAME + "\" (WEFT_CLUSTER_NAME, ClientOptions.clusterName)");
    }
    Properties p = new Properties();
    p.putAll(System.getProperties());
    p.setProperty(NAME_PROPERTY, name);
    p.setProperty(HOST_PROPERTY, host);
    p.setProperty(MEMBERS_PROPERTY, System.getProperty(MEMBERS_PROPERTY, host));
    try (InputStream xml = Clustering.class.getClassLoader().getResourceAsStream("cluster.xml")) {
      if (xml == null) {
        throw new IllegalStateException("cluster.xml (conf/cluster.xml) is not on the classpath");
      }
      Config c = new XmlConfigBuilder(xml).setProperties(p).build();
      c.setLiteMember(lite);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True for 127.0.0.0/8, ::1 and "localhost". */
  static boolean isLoopback(String host) {
    return host.startsWith("127.") || "localhost".equals(host) || "::1".equals(host) || "[::1]".equals(host);
  }

  /** The Hazelcast address ("host:port") of this clustered Vert.x, for joiners to connect to directly. */
  public static String memberAddress(Vertx vertx) {
    HazelcastClusterManager manager = (HazelcastClusterManager) ((VertxInternal) vertx).clusterManager();
    com.hazelcast.cluster.Address a = manager.getHazelcastInstance().getCluster().getLocalMember().getAddress();
    return a.getHost() + ":" + a.getPort();
  }

  /** A clustered Vert.x member of cluster {@code name}, its event bus bound to {@code host}, without TLS. */
  public static Future<Vertx> start(String name, String host, boolean lite, VertxOptions options) {
    return start(name, host, lite, options, null);
  }

  /**
   * A clustered Vert.x member of cluster {@code name}, its event bus bound to {@code host} (on the
   * port in {@code options}, 0 — the default — for any free one); with
   * {@code tls} (null: none) every connection of its event bus is TLS with a required certificate
   * from the cluster's CA, and so are the data channel and dashboard started on it.
   */
  public static Future<Vertx> start(String name, String host, boolean lite, VertxOptions options, TlsMaterial tls) {
    options.getEventBusOptions().setHost(host);
    if (tls != null) {
      tls.secure(options.getEventBusOptions());
    }
    return Vertx.builder().with(options)
        .withClusterManager(new HazelcastClusterManager(hazelcast(name, host, lite)))
        .withTransport(WatchingTransport.INSTANCE)
        .buildClustered()
        .onSuccess(vertx -> started(vertx, tls));
  }

  /** The port the event bus of {@code vertx} listens on; -1 when it is not clustered. */
  public static int eventBusPort(Vertx vertx) {
    if (!vertx.isClustered()) {
      return -1;
    }
    io.vertx.core.spi.cluster.NodeInfo info = ((VertxInternal) vertx).clusterManager().getNodeInfo();
    return info == null ? -1 : info.port();
  }

  /**
   * Records what a clustered Vert.x started with: its TLS credentials (null: none), for the
   * sockets Weft opens on it later, and its event-bus port, so refused handshakes are counted there.
   */
  public static void started(Vertx vertx, TlsMaterial tls) {
    if (tls != null) {
      ClusterTls.register(vertx, tls);
    }
    int port = eventBusPort(vertx);
    if (port > 0) {
      TlsRefusals.name(port, "event-bus");
    }
  }
}
