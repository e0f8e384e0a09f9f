package dev.weft.worker.state;

/** Let the task thread waiting in {@code rejoin()} for {@code key} continue: it holds a slot again. */
public record GrantRejoin(String key) implements Instruction {}
