package dev.weft.worker.state;

/** Write {@code value} of {@code key} to spill file {@code id}, off the event loop; report {@link SpillDone} or {@link SpillFailed}. */
public record Spill(String key, long id, Object value) implements Instruction {}
