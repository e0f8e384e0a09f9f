package dev.weft.protocol;

/** A wanted key's value was lost with its worker and is being recomputed. */
public record KeyLost(String key) implements ToClient {}
