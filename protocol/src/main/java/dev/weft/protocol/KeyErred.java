package dev.weft.protocol;

/** A wanted key failed: its own function threw, or one of its dependencies failed. */
public record KeyErred(String key, RemoteError error) implements ToClient {}
