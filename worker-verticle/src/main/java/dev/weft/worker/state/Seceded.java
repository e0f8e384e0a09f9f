package dev.weft.worker.state;

/** A running task left the thread pool to wait on other tasks ({@code WorkerContext.secede()}). */
public record Seceded(String key) implements WorkerStimulus {}
