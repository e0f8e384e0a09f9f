package dev.weft.protocol;

/** A wanted key was cancelled (by a client, or because its data was lost with no recipe). */
public record KeyCancelled(String key, String reason) implements ToClient {}
