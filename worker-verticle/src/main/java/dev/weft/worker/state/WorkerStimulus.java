package dev.weft.worker.state;

/** An outcome of the worker's own asynchronous work, fed back into {@link WorkerState}. */
public sealed interface WorkerStimulus
    permits ExecuteSucceeded, ExecuteFailed, GatherSucceeded, GatherFailed, Seceded, RejoinRequested, SpillDone,
        SpillFailed, MemoryMeasured {}
