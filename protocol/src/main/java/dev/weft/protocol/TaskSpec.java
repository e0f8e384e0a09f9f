package dev.weft.protocol;

import java.util.List;

/**
 * What to run for one key. {@code function} holds a {@link TaskFunction}; {@code args} holds an
 * {@code Object[]} in which each {@link DependencyRef} stands for a dependency's value.
 * {@code dependencies} lists those keys for the scheduler, which never opens the payloads.
 * {@code name} groups tasks of one function (for durations, progress and the dashboard).
 */
public record TaskSpec(
    String key, String name, Payload function, Payload args, List<String> dependencies,
    TaskOptions options) {}
