package dev.weft.scheduler.state;

/** One logged transition: which key, which edge, what caused it and when. */
public record TransitionRecord(String key, TaskStatus from, TaskStatus to, String stimulus, long millis) {}
