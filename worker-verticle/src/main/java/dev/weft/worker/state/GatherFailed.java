package dev.weft.worker.state;

import java.util.List;

/** A fetch from {@code worker} failed altogether (the peer is gone or did not answer). */
public record GatherFailed(String worker, List<String> keys) implements WorkerStimulus {}
