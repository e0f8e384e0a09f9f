package dev.weft.protocol;

import java.util.List;

/** Answer to STORY: the scheduler's logged transitions of one key, oldest first, one line each. */
public record Story(String key, List<String> transitions) implements Reply {}
