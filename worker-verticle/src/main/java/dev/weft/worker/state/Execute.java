package dev.weft.worker.state;

import dev.weft.protocol.TaskSpec;
import java.util.Map;

/** Run {@code spec} on a task thread, with the values of its dependencies. */
public record Execute(String key, TaskSpec spec, Map<String, Object> dependencies) implements Instruction {}
