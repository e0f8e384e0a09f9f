package dev.weft.protocol;

/** A client leaves: every key it wanted loses that want. */
public record ClientGoodbye(String clientId) implements ToScheduler {}
