package dev.weft.protocol;

import java.util.Map;

/** A worker now holds these keys (scattered to it, or fetched from a peer), with their sizes. */
public record AddKeys(String workerId, Map<String, Long> nbytes) implements ToScheduler {}
