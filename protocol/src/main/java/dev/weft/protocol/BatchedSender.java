package dev.weft.protocol;

import dev.weft.protocol.wire.WireCodec;
import io.vertx.core.Context;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dask's BatchedSend on the event bus: messages for one address queued during an event-loop
 * turn leave as one {@link Batch} when the turn's queued work is done. Confined to its context's
 * thread.
 */
public final class BatchedSender {

  private final EventBus bus;
  private final Context context;
  /** How every batch is sent: Weft's codec and the sender's node header. */
  private final DeliveryOptions options;
  /** Messages not yet sent, per address, in send order. */
  private final Map<String, List<Message>> pending = new LinkedHashMap<>();
  /** True while a flush is scheduled on the context. */
  private boolean flushScheduled;

  /** A sender flushing on {@code context}, sending with {@code options} (see {@link WireCodec#options}). */
  public BatchedSender(EventBus bus, Context context, DeliveryOptions options) {
    this.bus = bus;
    this.context = context;
    this.options = options;
  }

  /** Queues {@code message} for {@code address}; it leaves at the end of this turn. */
  public void send(String address, Message message) {
    pending.computeIfAbsent(address, a -> new ArrayList<>(4)).add(message);
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  /** Sends everything queued now. */
  public void flush() {
    flushScheduled = false;
    if (pending.isEmpty()) {
      return;
    }
    List<Map.Entry<String, List<Message>>> batches = new ArrayList<>(pending.entrySet());
    pending.clear();
    for (Map.Entry<String, List<Message>> e : batches) {
      List<Message> messages = e.getValue();
      Message body = messages.size() == 1 ? messages.get(0) : new Batch(messages);
      bus.send(e.getKey(), body, options);
    }
  }
}
