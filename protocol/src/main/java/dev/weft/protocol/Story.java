package dev.weft.protocol;

import java.util.List;

/**
 * Answer to STORY (from the scheduler: its own moves of one key joined with every worker's, one line
 * each, oldest first) and to {@link GetStory} (from a worker: its own moves).
 */
public record Story(String key, List<String> transitions) implements Reply {}
