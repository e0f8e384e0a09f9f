package dev.weft.protocol;

/** A worker's answer to {@link Identify}: its name and its cluster node. */
public record WorkerIdentity(String workerId, String nodeId) implements Reply {}
