package dev.weft.protocol;

import java.util.List;
import java.util.Map;

/**
 * Answer to INFO: the scheduler's address, its workers, its tasks counted by state, and its
 * dashboard's URL ({@code ""} when it serves none) and its cluster node.
 */
public record SchedulerSnapshot(
    String address, List<WorkerSnapshot> workers, Map<String, Long> tasksByState, String dashboardLink,
    String nodeId)
    implements Reply {}
