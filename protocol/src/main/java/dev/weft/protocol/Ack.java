package dev.weft.protocol;

/** A request was accepted. */
public record Ack(String from) implements Reply {}
