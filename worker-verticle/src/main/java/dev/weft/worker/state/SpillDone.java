package dev.weft.worker.state;

/** Spill file {@code id} of {@code key} is written, {@code diskBytes} long. */
public record SpillDone(String key, long id, long diskBytes) implements WorkerStimulus {}
