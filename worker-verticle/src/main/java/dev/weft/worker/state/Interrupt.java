package dev.weft.worker.state;

/**
 * Interrupt the thread running {@code key}'s task: the scheduler let the task go with a forced
 * cancel while it ran here. The task stays CANCELLED (holding its thread slot and resources) until
 * its run returns; whatever the run then returns or throws is dropped.
 */
public record Interrupt(String key) implements Instruction {}
