package dev.weft.protocol;

/** A request was accepted, by the component on cluster node {@code from}. */
public record Ack(String from) implements Reply {}
