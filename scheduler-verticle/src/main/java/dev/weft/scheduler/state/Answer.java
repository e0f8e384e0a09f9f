package dev.weft.scheduler.state;

import dev.weft.protocol.Reply;

/**
 * The deferred reply: answer request {@code requestId} (a coordination request, answered now or
 * after it waited) with {@code reply}; a null reply forgets the request unanswered (its client is
 * gone).
 */
public record Answer(long requestId, Reply reply) implements Effect {}
