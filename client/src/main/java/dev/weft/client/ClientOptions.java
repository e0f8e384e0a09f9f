package dev.weft.client;

import com.hazelcast.config.Config;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.cluster.ClusterJoin;
import dev.weft.protocol.cluster.Clustering;
import dev.weft.protocol.tls.TlsSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How {@link Client#connect(ClientOptions)} joins a running cluster from another JVM: the
 * Hazelcast cluster name, the host (interface) to bind, where to find the cluster's members, the
 * Hazelcast configuration (Weft's own unless you give yours), and how long to wait for the
 * scheduler. JSON keys: {@code clusterName} ("weft"), {@code host} ("127.0.0.1"), {@code members}
 * (hosts or host:ports, an array or comma-separated; default the host), {@code hazelcastConfigFile}
 * (an XML or YAML file; see {@link ClusterJoin}), {@code timeoutMillis} (120000), and for TLS
 * {@code tlsCaFile}, {@code tlsCert}, {@code tlsKey}, {@code tlsMinVersion},
 * {@code requireEncryption} (else the {@code weft.tls.*} system properties or {@code WEFT_TLS_*}
 * environment variables, as for {@code bin/weft run}).
 */
public final class ClientOptions {

  /** Keys {@link #fromJson} accepts besides the TLS ones. */
  private static final List<String> KEYS = List.of("clusterName", "host", "members", "hazelcastConfigFile", "timeoutMillis");

  private String clusterName = "weft";
  private String host = "127.0.0.1";
  /** Where to find members; empty: the host. */
  private List<String> members = List.of();
  /** The user's Hazelcast configuration file; null: none. */
  private Path hazelcastFile;
  /** The user's Hazelcast configuration; null: none (at most one of this and the file). */
  private Config hazelcastConfig;
  /** How long joining, and then finding the scheduler, may each take: long enough for a loaded machine. */
  private Duration timeout = Duration.ofMinutes(2);
  /** TLS credentials; null: none (unless the WEFT_TLS_* environment gives some to fromJson). */
  private Security security;

  /** Defaults: cluster "weft" on 127.0.0.1 with Weft's Hazelcast configuration, 2 minutes to find the scheduler. */
  public ClientOptions() {}

  /** Options from JSON; absent keys keep their defaults, unknown keys are an error. */
  public static ClientOptions fromJson(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!KEYS.contains(key) && !TlsSettings.isKey(key)) {
        throw new IllegalArgumentException(key + ": unknown client option");
      }
    }
    ClientOptions o = new ClientOptions();
    o.clusterName(json.getString("clusterName", o.clusterName));
    o.host(json.getString("host", o.host));
    Object members = json.getValue("members");
    if (members instanceof JsonArray a) {
      o.members(a.stream().map(String::valueOf).toList());
    } else if (members instanceof String m) {
      o.members(List.of(m.split("\\s*,\\s*")));
    } else if (members != null) {
      throw new IllegalArgumentException("members: a list of hosts or host:ports, or one comma-separated string");
    }
    String file = json.getString("hazelcastConfigFile");
    if (file != null) {
      o.hazelcastConfigFile(Path.of(file));
    }
    o.timeout(Duration.ofMillis(json.getLong("timeoutMillis", o.timeout.toMillis())));
    o.security = TlsSettings.read(json).map(Security::of).orElse(null);
    return o;
  }

  /** The Hazelcast cluster to join. */
  public ClientOptions clusterName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("clusterName: must not be blank");
    }
    this.clusterName = name;
    return this;
  }

  /** The host (interface) to bind and join on. */
  public ClientOptions host(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host: must not be blank");
    }
    this.host = host;
    return this;
  }

  /** Where to find the cluster's members: hosts (their ports 5701–5800 are scanned) or exact host:ports. */
  public ClientOptions members(List<String> members) {
    for (String m : members) {
      if (m == null || m.isBlank()) {
        throw new IllegalArgumentException("members: must be hosts or host:ports, got " + members);
      }
    }
    this.members = List.copyOf(members);
    return this;
  }

  /**
   * Your own Hazelcast configuration, as an XML or YAML file (instead of Weft's); in it
   * {@code ${weft.cluster.name}}, {@code ${weft.cluster.host}} and {@code ${weft.cluster.members}}
   * are replaced by the options'.
   */
  public ClientOptions hazelcastConfigFile(Path file) {
    this.hazelcastFile = file;
    this.hazelcastConfig = null;
    return this;
  }

  /** Your own Hazelcast configuration, used as given (e.g. with Kubernetes discovery). */
  public ClientOptions hazelcastConfig(Config config) {
    this.hazelcastConfig = config;
    this.hazelcastFile = null;
    return this;
  }

  /** How long to wait for the scheduler to answer. */
  public ClientOptions timeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeoutMillis: must be > 0");
    }
    this.timeout = timeout;
    return this;
  }

  /** TLS with these credentials on every socket (the cluster must run with the same CA). */
  public ClientOptions security(Security security) {
    this.security = security;
    return this;
  }

  Security security() {
    return security;
  }

  String clusterName() {
    return clusterName;
  }

  String host() {
    return host;
  }

  Duration timeout() {
    return timeout;
  }

  /** What joining tries, for error messages: the host, the members contacted, the configuration. */
  String describeJoin() {
    String config = hazelcastConfig != null ? "your Hazelcast Config"
        : hazelcastFile != null ? "Hazelcast configuration " + hazelcastFile : "Weft's Hazelcast configuration";
    return "bound to " + host + ", contacting " + (members.isEmpty() ? host : String.join(", ", members)) + ", " + config;
  }

  /** How to join, as these options say. */
  ClusterJoin join() {
    return new ClusterJoin(clusterName, host, members, hazelcastFile, hazelcastConfig);
  }

  /** {@link Client#connect(ClientOptions)}: joins the cluster, then connects; leaves it again on failure. */
  Client connect() {
    Vertx vertx = joinCluster();
    try {
      return Client.open(vertx, () -> vertx.close().await(), timeout)
          .timeout(timeout.toMillis() + SchedulerConnection.PROBE_MILLIS, TimeUnit.MILLISECONDS)
          .recover(e -> Future.failedFuture(noScheduler(vertx, e)))
          .await();
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  /**
   * Joins the cluster as these options say, waiting up to the timeout; then fails with
   * {@link WeftException} saying what was tried (and leaves the cluster if it joins later).
   */
  private Vertx joinCluster() {
    long millis = timeout.toMillis();
    Future<Vertx> joining = Clustering.start(join(), false, new VertxOptions(),
        security == null ? null : security.material());
    return joining.timeout(millis, TimeUnit.MILLISECONDS)
        .recover(e -> {
          joining.onSuccess(Vertx::close); // joined too late: leave again
          return Future.failedFuture(new WeftException("could not join cluster \"" + clusterName
              + "\" within " + millis + " ms (" + describeJoin() + "): " + e.getMessage(), e));
        })
        .await();
  }

  /** The error when no scheduler answered within the timeout in the cluster joined through {@code vertx}. */
  private WeftException noScheduler(Vertx vertx, Throwable cause) {
    return new WeftException("no scheduler answered in cluster \"" + clusterName + "\" within " + timeout.toMillis()
        + " ms (" + describeJoin() + "; joined it with " + (((VertxInternal) vertx).clusterManager().getNodes().size() - 1)
        + " other member(s); asked " + Addresses.SCHEDULER + " every 50 ms): is a scheduler running"
        + " with WEFT_CLUSTER_NAME=" + clusterName + "? " + cause.getMessage(), cause);
  }
}
