package dev.weft.worker.state;

/** A seceded task wants a thread slot again ({@code WorkerContext.rejoin()}); it blocks until granted. */
public record RejoinRequested(String key) implements WorkerStimulus {}
