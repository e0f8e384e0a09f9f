package dev.weft.protocol;

import java.util.List;

/** Answer to {@link TaskStreamQuery}: finished tasks, oldest first. */
public record TaskStreamReply(List<TaskRun> runs) implements Reply {}
