package dev.weft.protocol;

import java.util.List;
import java.util.Map;

/**
 * The scheduler asks a worker to run a task. {@code whoHas} names, for each dependency, the
 * workers holding it, so the worker fetches it from them directly. {@code stimulusId} names the
 * scheduler stimulus that sent it; the worker logs its own moves under it, so the two stories join.
 */
public record ComputeTask(TaskSpec spec, Priority priority, Map<String, List<String>> whoHas, String stimulusId)
    implements ToWorker {}
