package dev.weft.protocol.cluster;

import com.hazelcast.config.Config;
import java.nio.file.Path;
import java.util.List;

/**
 * How one JVM joins a Weft cluster: the cluster's {@code name}, the {@code host} (interface) its
 * event bus and Hazelcast member bind to, the {@code members} to contact when joining (hosts, whose
 * ports 5701–5800 are scanned, or exact {@code host:port}s; empty: the host itself), and optionally
 * the user's own Hazelcast configuration — a file ({@code hazelcastFile}, XML or YAML, in which
 * {@code ${weft.cluster.name}}, {@code ${weft.cluster.host}} and {@code ${weft.cluster.members}}
 * are replaced) or a ready {@link Config} ({@code hazelcastConfig}, used as given). With neither,
 * Weft's own configuration (the one in {@code conf/cluster.xml}) is used. {@code founder}: this
 * JVM starts a cluster of a name no one else can know yet (a {@code LocalCluster}'s own, made up
 * at random), so it looks for no other member and is the cluster's first at once — instead of
 * asking the member list and waiting a second for answers that cannot come.
 */
public record ClusterJoin(String name, String host, List<String> members, Path hazelcastFile, Config hazelcastConfig,
    boolean founder) {

  /** Checks the combination: a name and a host, at most one of the two configurations. */
  public ClusterJoin {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("clusterName: must be non-empty");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host: must be non-empty");
    }
    members = members == null ? List.of() : List.copyOf(members);
    if (hazelcastFile != null && hazelcastConfig != null) {
      throw new IllegalArgumentException("hazelcastConfigFile and hazelcastConfig: give one, not both");
    }
  }

  /** A join that looks for members (not a {@code founder}). */
  public ClusterJoin(String name, String host, List<String> members, Path hazelcastFile, Config hazelcastConfig) {
    this(name, host, members, hazelcastFile, hazelcastConfig, false);
  }

  /** Cluster {@code name} on {@code host}, joining members on that host, with Weft's configuration. */
  public static ClusterJoin of(String name, String host) {
    return new ClusterJoin(name, host, List.of(), null, null);
  }

  /** The same as the founder of a cluster whose name no one else knows yet: no member is looked for. */
  public ClusterJoin asFounder() {
    return new ClusterJoin(name, host, members, hazelcastFile, hazelcastConfig, true);
  }

  /** The same with {@code members} to contact when joining. */
  public ClusterJoin withMembers(List<String> members) {
    return new ClusterJoin(name, host, members, hazelcastFile, hazelcastConfig, founder);
  }

  /** The same with the user's Hazelcast configuration file. */
  public ClusterJoin withHazelcastFile(Path file) {
    return new ClusterJoin(name, host, members, file, null, founder);
  }

  /** The same with the user's Hazelcast configuration. */
  public ClusterJoin withHazelcastConfig(Config config) {
    return new ClusterJoin(name, host, members, null, config, founder);
  }

  /** The members to contact, as Hazelcast's member list takes them (comma-separated); the host when none. */
  String memberList() {
    return members.isEmpty() ? host : String.join(",", members);
  }
}
