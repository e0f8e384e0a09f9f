package dev.weft.protocol;

/** A client announces itself; the scheduler then tracks what it wants. */
public record ClientHello(String clientId) implements ToScheduler {}
