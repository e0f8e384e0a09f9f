package dev.weft.worker.state;

import java.util.List;
import java.util.Map;

/** A peer answered a fetch: the values it had (the worker measures their sizes) and the keys it lacked. */
public record GatherSucceeded(String worker, Map<String, Object> data, List<String> missing)
    implements WorkerStimulus {}
