package dev.weft.worker.state;

import dev.weft.protocol.RemoteError;

/** A task's function threw (or its arguments could not be prepared). */
public record ExecuteFailed(String key, RemoteError error, long startMillis, long stopMillis)
    implements WorkerStimulus {}
