package dev.weft.protocol;

/**
 * The scheduler's answer to a {@link Heartbeat} or {@link ClientHeartbeat}: its cluster node, and
 * whether it knows the sender. A sender it does not know (a new scheduler, or one that removed the
 * sender) registers again from scratch, as dask's heartbeat status "missing".
 */
public record HeartbeatReply(String schedulerNode, boolean known) implements Reply {}
