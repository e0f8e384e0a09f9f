package dev.weft.protocol;

import java.util.List;
import java.util.Map;

/** Answer to INFO: the scheduler's address, its workers and its tasks counted by state. */
public record SchedulerSnapshot(
    String address, List<WorkerSnapshot> workers, Map<String, Long> tasksByState)
    implements Reply {}
