package dev.weft.worker.state;

/** A task's function returned {@code value} (estimated at {@code nbytes}). */
public record ExecuteSucceeded(
    String key, Object value, long nbytes, String type, long startMillis, long stopMillis)
    implements WorkerStimulus {}
