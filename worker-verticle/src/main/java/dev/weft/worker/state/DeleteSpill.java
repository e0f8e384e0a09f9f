package dev.weft.worker.state;

/** Delete spill file {@code id}: its value was released, or released while being written. */
public record DeleteSpill(long id) implements Instruction {}
