package dev.weft.worker.state;

/** What {@link WorkerState#handle} asks its I/O shell to do. */
public sealed interface Instruction permits Execute, Interrupt, GatherDep, SendToScheduler, GrantRejoin, Spill, DeleteSpill {}
