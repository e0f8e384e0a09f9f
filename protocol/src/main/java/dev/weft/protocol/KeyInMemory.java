package dev.weft.protocol;

import java.util.List;

/**
 * A wanted key has a value, held by {@code workers}; {@code inline} is the value itself when the
 * scheduler could forward it cheaply, else null.
 */
public record KeyInMemory(String key, String type, List<String> workers, Payload inline)
    implements ToClient {}
