package dev.weft.protocol.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.config.YamlConfigBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import dev.weft.protocol.tls.ClusterTls;
import dev.weft.protocol.tls.TlsMaterial;
import dev.weft.protocol.tls.TlsRefusals;
import dev.weft.protocol.tls.WatchingTransport;

/**
 * Starts Vert.x instances whose event bus is clustered with Hazelcast, configured as a
 * {@link ClusterJoin} says: by default with Weft's own configuration ({@code conf/cluster.xml},
 * shipped inside the protocol jar as {@value #BUILT_IN} — not as a {@code cluster.xml} at the
 * classpath root, where it would capture any other {@code HazelcastClusterManager} in the JVM):
 * TCP-IP join on one interface, multicast, phone-home and join delays off. Or with the user's own
 * Hazelcast configuration (a file or a {@link Config}). Clusters are kept apart by name: give every
 * cluster, and every test run, its own. Hazelcast logs through java.util.logging (see
 * {@link HazelcastLogging}); nothing here sets a system property.
 */
public final class Clustering {

  /** System property naming the cluster (bin/weft and worker JVMs pass it; a configuration file reads it). */
  public static final String NAME_PROPERTY = "weft.cluster.name";
  /**
   * The JVM option for a JVM started on Weft's own cluster configuration (no user file): it skips
   * Hazelcast's schema check of that XML, which tests make, and which costs a cold JVM 0.2 s.
   */
  public static final String BUILT_IN_UNCHECKED = "-Dhazelcast.config.schema.validation.enabled=false";
  /** System property naming the host to bind and join on (as {@link #NAME_PROPERTY}). */
  public static final String HOST_PROPERTY = "weft.cluster.host";
  /** System property naming where to find members: hosts or exact host:ports, comma-separated. */
  public static final String MEMBERS_PROPERTY = "weft.cluster.members";
  /** System property naming the user's Hazelcast configuration file (XML or YAML). */
  public static final String HAZELCAST_CONFIG_PROPERTY = "weft.hazelcast.config";

  /**
   * System property that makes a JVM started by {@code bin/weft run} a lite member (one that holds
   * none of the cluster's data, so nothing migrates when it joins or leaves): set for the worker
   * JVMs a {@code LocalCluster} starts, which live and die with the scheduler's JVM.
   */
  public static final String LITE_PROPERTY = "weft.cluster.lite";

  /** The cluster name used when none is given; allowed on loopback only. */
  public static final String DEFAULT_NAME = "weft";

  /** Where Weft's own Hazelcast configuration is on the classpath. */
  public static final String BUILT_IN = "dev/weft/protocol/cluster/cluster.xml";

  private Clustering() {}

  /**
   * How this JVM joins, from the system properties bin/weft and worker JVMs are started with
   * ({@link #NAME_PROPERTY}, {@link #HOST_PROPERTY}, {@link #MEMBERS_PROPERTY},
   * {@link #HAZELCAST_CONFIG_PROPERTY}).
   */
  public static ClusterJoin fromSystemProperties() {
    String host = System.getProperty(HOST_PROPERTY, "127.0.0.1");
    String members = System.getProperty(MEMBERS_PROPERTY, "");
    String file = System.getProperty(HAZELCAST_CONFIG_PROPERTY, "");
    ClusterJoin join = ClusterJoin.of(System.getProperty(NAME_PROPERTY, DEFAULT_NAME), host)
        .withMembers(members.isBlank() ? List.of() : List.of(members.split("\\s*,\\s*")));
    return file.isBlank() ? join : join.withHazelcastFile(Path.of(file));
  }

  /** The Hazelcast configuration of a member of cluster {@code name} on {@code host}, with Weft's configuration. */
  public static Config hazelcast(String name, String host, boolean lite) {
    return hazelcast(ClusterJoin.of(name, host), lite);
  }

  /**
   * The Hazelcast configuration {@code join} describes ({@code lite}: a member that holds no
   * data, as clients are). Anything but a loopback host needs a cluster name chosen on purpose:
   * the default name "weft" is refused there, so that two teams' clusters on one network never
   * merge by accident. A user's {@link Config} is used as given, but for its logging type when unset;
   * a founder's TCP-IP member list is emptied otherwise (see {@link ClusterJoin}).
   */
  public static Config hazelcast(ClusterJoin join, boolean lite) {
    if (DEFAULT_NAME.equals(join.name()) && !isLoopback(join.host())) {
      throw new IllegalArgumentException("clusterName: binding " + join.host() + " (not loopback) needs a cluster name of"
          + " your own, not the default \"" + DEFAULT_NAME + "\" (WEFT_CLUSTER_NAME, ClientOptions.clusterName)");
    }
    Config c = join.hazelcastConfig() != null ? join.hazelcastConfig() : load(join);
    if (join.founder() && join.hazelcastConfig() == null) {
      c.getNetworkConfig().getJoin().getTcpIpConfig().clear(); // no one to ask: the first member at once
    }
    c.setLiteMember(lite);
    if (c.getProperty("hazelcast.logging.type") == null) {
      c.setProperty("hazelcast.logging.type", HazelcastLogging.type());
    }
    return c;
  }

  /** Weft's configuration, or the user's file, with the {@code weft.cluster.*} placeholders filled in. */
  private static Config load(ClusterJoin join) {
    Properties p = new Properties();
    p.putAll(System.getProperties());
    p.setProperty(NAME_PROPERTY, join.name());
    p.setProperty(HOST_PROPERTY, join.host());
    p.setProperty(MEMBERS_PROPERTY, join.memberList());
    Path file = join.hazelcastFile();
    try (InputStream in = file == null ? Clustering.class.getClassLoader().getResourceAsStream(BUILT_IN)
        : Files.newInputStream(file)) {
      if (in == null) {
        throw new IllegalStateException(BUILT_IN + " is not on the classpath (a broken weft-protocol jar)");
      }
      String name = file == null ? BUILT_IN : file.getFileName().toString();
      return name.endsWith(".yaml") || name.endsWith(".yml")
          ? new YamlConfigBuilder(in).setProperties(p).build()
          : new XmlConfigBuilder(in).setProperties(p).build();
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("hazelcastConfigFile: " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("hazelcastConfigFile: cannot read " + file, e);
    }
  }

  /** True for 127.0.0.0/8, ::1 and "localhost". */
  static boolean isLoopback(String host) {
    return host.startsWith("127.") || "localhost".equals(host) || "::1".equals(host) || "[::1]".equals(host);
  }

  /** The Hazelcast address ("host:port") of this clustered Vert.x, for joiners to connect to directly. */
  public static String memberAddress(Vertx vertx) {
    com.hazelcast.cluster.Address a = Membership.hazelcast(vertx).getCluster().getLocalMember().getAddress();
    return a.getHost() + ":" + a.getPort();
  }

  /** A clustered Vert.x member of cluster {@code name}, its event bus bound to {@code host}, without TLS. */
  public static Future<Vertx> start(String name, String host, boolean lite, VertxOptions options) {
    return start(ClusterJoin.of(name, host), lite, options, null);
  }

  /**
   * A clustered Vert.x member of cluster {@code name}, its event bus bound to {@code host} (on the
   * port in {@code options}, 0 — the default — for any free one); with
   * {@code tls} (null: none) every connection of its event bus is TLS with a required certificate
   * from the cluster's CA, and so are the data channel and dashboard started on it.
   */
  public static Future<Vertx> start(String name, String host, boolean lite, VertxOptions options, TlsMaterial tls) {
    return start(ClusterJoin.of(name, host), lite, options, tls);
  }

  /** As {@link #start(String, String, boolean, VertxOptions, TlsMaterial)}, joining as {@code join} says. */
  public static Future<Vertx> start(ClusterJoin join, boolean lite, VertxOptions options, TlsMaterial tls) {
    Config hazelcast;
    try {
      hazelcast = hazelcast(join, lite);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    options.getEventBusOptions().setHost(join.host());
    if (tls != null) {
      tls.secure(options.getEventBusOptions());
    }
    return Vertx.builder().with(options)
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .withTransport(WatchingTransport.INSTANCE)
        .buildClustered()
        .onSuccess(vertx -> started(vertx, tls));
  }

  /**
   * The host this node's sockets bind: its event bus's host when {@code vertx} is clustered, else
   * the {@link #HOST_PROPERTY} system property, else loopback.
   */
  public static String host(Vertx vertx) {
    if (vertx.isClustered()) {
      io.vertx.core.spi.cluster.NodeInfo info = ((VertxInternal) vertx).clusterManager().getNodeInfo();
      if (info != null) {
        return info.host();
      }
    }
    return System.getProperty(HOST_PROPERTY, "127.0.0.1");
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
