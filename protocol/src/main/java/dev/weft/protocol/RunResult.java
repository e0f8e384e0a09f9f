package dev.weft.protocol;

/** The outcome of a {@link RunFunction} on one worker: its value, or the error it threw. */
public record RunResult(String workerId, Payload value, RemoteError error) implements Reply {}
