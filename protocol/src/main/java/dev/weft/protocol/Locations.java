package dev.weft.protocol;

import java.util.List;
import java.util.Map;

/** Answer to WHO_HAS (key → workers) or HAS_WHAT (worker → keys). */
public record Locations(Map<String, List<String>> entries) implements Reply {}
