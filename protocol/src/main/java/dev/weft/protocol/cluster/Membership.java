package dev.weft.protocol.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Who is in the cluster: this Vert.x instance's node id, and news of nodes leaving, straight from
 * the cluster manager (Hazelcast's membership, which declares a killed JVM gone within seconds).
 * A Vert.x instance that is not clustered is a node of its own that no other node can leave.
 */
public final class Membership {

  /** The member attribute in which Vert.x's Hazelcast cluster manager keeps a member's node id. */
  static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
  /** The node id of every non-clustered Vert.x in this JVM (they share nothing with other JVMs). */
  private static final String LOCAL_NODE = "local-" + UUID.randomUUID();

  private Membership() {}

  /** The node id of {@code vertx}: its cluster manager's, or this JVM's local id when not clustered. */
  public static String nodeId(Vertx vertx) {
    ClusterManager manager = clusterManager(vertx);
    return manager == null ? LOCAL_NODE : manager.getNodeId();
  }

  /** True while {@code nodeId} is a member of {@code vertx}'s cluster (or is {@code vertx}'s own node). */
  public static boolean isMember(Vertx vertx, String nodeId) {
    ClusterManager manager = clusterManager(vertx);
    return manager == null ? LOCAL_NODE.equals(nodeId) : manager.getNodes().contains(nodeId);
  }

  /**
   * Calls {@code listener} with the node id of every node that leaves {@code vertx}'s cluster (on a
   * cluster-manager thread: hop to your own context). Returns what stops the listening; for a
   * non-clustered Vert.x nothing ever leaves and the listener is never called.
   */
  public static Runnable onNodeLeft(Vertx vertx, Consumer<String> listener) {
    return listen(vertx, new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // only departures matter
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String nodeId = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
        if (nodeId != null) {
          listener.accept(nodeId);
        }
      }
    });
  }

  /**
   * Registers {@code listener} with {@code vertx}'s Hazelcast cluster; returns what stops it (a
   * no-op for a Vert.x that is not clustered with Hazelcast, whose listener is never called).
   */
  static Runnable listen(Vertx vertx, MembershipListener listener) {
    HazelcastInstance hazelcast = hazelcast(vertx);
    if (hazelcast == null) {
      return () -> { };
    }
    UUID registration = hazelcast.getCluster().addMembershipListener(listener);
    return () -> {
      if (hazelcast.getLifecycleService().isRunning()) {
        hazelcast.getCluster().removeMembershipListener(registration);
      }
    };
  }

  /** {@code vertx}'s Hazelcast instance; null when it is not clustered with Hazelcast. */
  static HazelcastInstance hazelcast(Vertx vertx) {
    return clusterManager(vertx) instanceof HazelcastClusterManager manager ? manager.getHazelcastInstance() : null;
  }

  private static ClusterManager clusterManager(Vertx vertx) {
    return vertx.isClustered() ? ((VertxInternal) vertx).clusterManager() : null;
  }
}
