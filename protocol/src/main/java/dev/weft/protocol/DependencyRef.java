package dev.weft.protocol;

import java.io.Serializable;

/** Placeholder in a task's arguments for the value of another task, resolved on the worker. */
public record DependencyRef(String key) implements Serializable {}
