package dev.weft.protocol;

import java.util.List;

/** The answer to a {@link Broadcast}: each worker's {@link RunResult}, in worker-name order. */
public record RunResults(List<RunResult> results) implements Reply {}
