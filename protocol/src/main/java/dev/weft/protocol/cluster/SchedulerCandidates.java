package dev.weft.protocol.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Which cluster members may be the scheduler, and which one is: a JVM started by
 * {@code bin/weft run scheduler} joins with the member attribute {@value #ATTRIBUTE} set, and the
 * active scheduler is the oldest live member carrying it. Hazelcast's member list is ordered
 * oldest first and is the same on every member, so every node agrees without a vote; a scheduler
 * that returns after a failover joins as the youngest and stays a standby. A Vert.x that is not
 * clustered, or whose member is no candidate (a {@code LocalCluster}'s own scheduler), has no
 * standby. Members started by {@code bin/weft run worker} carry {@value #WORKER_ATTRIBUTE}, so that a
 * scheduler taking over knows which nodes' workers to wait for.
 */
public final class SchedulerCandidates {

  /** The member attribute that marks a scheduler candidate. */
  public static final String ATTRIBUTE = "weft.scheduler";
  /** The member attribute that marks a worker's member. */
  public static final String WORKER_ATTRIBUTE = "weft.worker";

  private SchedulerCandidates() {}

  /** Marks the member {@code config} configures as a scheduler candidate (before it joins). */
  public static Config mark(Config config) {
    config.getMemberAttributeConfig().setAttribute(ATTRIBUTE, "candidate");
    return config;
  }

  /** Marks the member {@code config} configures as a worker's (before it joins). */
  public static Config markWorker(Config config) {
    config.getMemberAttributeConfig().setAttribute(WORKER_ATTRIBUTE, "worker");
    return config;
  }

  /** True when {@code vertx}'s own member is a scheduler candidate. */
  public static boolean isCandidate(Vertx vertx) {
    HazelcastInstance h = Membership.hazelcast(vertx);
    return h != null && h.getCluster().getLocalMember().getAttribute(ATTRIBUTE) != null;
  }

  /** Node ids of the live scheduler candidates, oldest first; empty when not clustered. */
  public static List<String> live(Vertx vertx) {
    return nodesWith(vertx, ATTRIBUTE);
  }

  /** Node ids of the live members marked as workers' ({@link #markWorker}); empty when not clustered. */
  public static List<String> workerNodes(Vertx vertx) {
    return nodesWith(vertx, WORKER_ATTRIBUTE);
  }

  private static List<String> nodesWith(Vertx vertx, String attribute) {
    HazelcastInstance h = Membership.hazelcast(vertx);
    List<String> nodes = new ArrayList<>();
    if (h == null) {
      return nodes;
    }
    for (Member m : h.getCluster().getMembers()) {
      String node = m.getAttribute(Membership.NODE_ID_ATTRIBUTE);
      if (m.getAttribute(attribute) != null && node != null) {
        nodes.add(node);
      }
    }
    return nodes;
  }

  /** True when a live scheduler candidate other than the one on {@code lostNode} can take over. */
  public static boolean standbyBeyond(Vertx vertx, String lostNode) {
    return live(vertx).stream().anyMatch(node -> !node.equals(lostNode));
  }

  /**
   * Calls {@code listener} whenever a member joins or leaves {@code vertx}'s cluster (on a
   * cluster-manager thread: hop to your own context). Returns what stops the listening; for a
   * non-clustered Vert.x the listener is never called.
   */
  public static Runnable onChange(Vertx vertx, Runnable listener) {
    return Membership.listen(vertx, new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        listener.run();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        listener.run();
      }
    });
  }
}
