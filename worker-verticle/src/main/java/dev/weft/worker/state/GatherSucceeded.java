package dev.weft.worker.state;

import java.util.List;
import java.util.Map;

/** A peer answered a fetch: the values it had ({@code nbytes} each) and the keys it lacked. */
public record GatherSucceeded(
    String worker, Map<String, Object> data, Map<String, Long> nbytes, List<String> missing)
    implements WorkerStimulus {}
