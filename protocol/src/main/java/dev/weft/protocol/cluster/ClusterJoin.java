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
 * Weft's own configuration (the one in {@code conf/cluster.xml}) is used.
 */
public record ClusterJoin(String name, String host, List<String> members, Path hazelcastFile, Config hazelcastConfig) {

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

  /** Cluster {@code name} on {@code host}, joining members on that host, with Weft's configuration. */
  public static ClusterJoin of(String name, String host) {
    return new ClusterJoin(name, host, List.of(), null, null);
  }

  /** The same with {@code members} to contact when joining. */
  public ClusterJoin withMembers(List<String> members) {
    return new ClusterJoin(name, host, members, hazelcastFile, hazelcastConfig);
  }

  /** The same with the user's Hazelcast configuration file. */
  public ClusterJoin withHazelcastFile(Path file) {
    return new ClusterJoin(name, host, members, file, null);
  }

  /** The same with the user's Hazelcast configuration. */
  public ClusterJoin withHazelcastConfig(Config config) {
    return new ClusterJoin(name, host, members, null, config);
  }

  /** The members to contact, as Hazelcast's member list takes them (comma-separated); the host when none. */
  String memberList() {
    return members.isEmpty() ? host : String.join(",", members);
  }
}
