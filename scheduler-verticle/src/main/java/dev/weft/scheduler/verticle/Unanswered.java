package dev.weft.scheduler.verticle;

import dev.weft.protocol.Message;
import dev.weft.scheduler.state.Answer;
import java.util.HashMap;
import java.util.Map;

/**
 * Requests the scheduler has not answered yet (a waiting acquire, get or event wait, a retirement),
 * by the id the state answers them under ({@link Answer}): the deferred replies' envelopes. Only on
 * the scheduler's context.
 */
final class Unanswered {

  /** Envelopes by request id; one entry per request that asked for a reply and is not answered. */
  private final Map<Long, io.vertx.core.eventbus.Message<Message>> byId = new HashMap<>();
  /** Id of the last request; only grows. */
  private long lastId;

  /** A new request id, keeping {@code envelope} until it is answered when it asks for a reply. */
  long add(io.vertx.core.eventbus.Message<Message> envelope) {
    long id = ++lastId;
    if (envelope.replyAddress() != null) {
      byId.put(id, envelope);
    }
    return id;
  }

  /** Request {@code id} was refused: its envelope is answered elsewhere. */
  void drop(long id) {
    byId.remove(id);
  }

  /** Replies as {@code a} says (nothing for a forgotten request, or one that asked for no reply). */
  void answer(Answer a) {
    io.vertx.core.eventbus.Message<Message> asker = byId.remove(a.requestId());
    if (asker != null && a.reply() != null) {
      asker.reply(a.reply(), dev.weft.protocol.wire.WireCodec.OPTIONS);
    }
  }
}
