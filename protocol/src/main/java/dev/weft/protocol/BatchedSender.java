package dev.weft.protocol;

import dev.weft.protocol.wire.WireCodec;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * dask's BatchedSend on the event bus: messages for one address queued during an event-loop
 * turn leave as one {@link Batch} when the turn's queued work is done. A sender made with
 * {@link #holding} also keeps them a little longer while its owner is busy (more messages are
 * about to follow, say a worker with tasks still running): they leave when the owner is idle
 * at the end of a turn, or {@code maxHoldMillis} after the first of them was queued, whichever
 * comes first. A worker streaming many short tasks then reports them a batch at a time instead
 * of one message (and one system call on each side) per task, while a single task or a chain
 * is reported at once. Confined to its context's thread.
 */
public final class BatchedSender {

  private final EventBus bus;
  private final Vertx vertx;
  private final Context context;
  /** How every batch is sent: Weft's codec and the sender's node header. */
  private final DeliveryOptions options;
  /** True while the owner expects to send more soon; never true for a sender that does not hold. */
  private final BooleanSupplier busy;
  /** Longest time a message is held while the owner is busy; 0 for a sender that does not hold. */
  private final long maxHoldMillis;
  /** Messages not yet sent, per address, in send order. */
  private final Map<String, List<Message>> pending = new LinkedHashMap<>();
  /** True while an end-of-turn flush is scheduled on the context. */
  private boolean flushScheduled;
  /** The timer that sends held messages at the latest, or -1 when none is set. */
  private long holdTimer = -1;

  /** A sender flushing at the end of each turn on {@code context}, sending with {@code options} (see {@link WireCodec#options}). */
  public BatchedSender(EventBus bus, Context context, DeliveryOptions options) {
    this(bus, null, context, options, () -> false, 0);
  }

  private BatchedSender(EventBus bus, Vertx vertx, Context context, DeliveryOptions options, BooleanSupplier busy,
      long maxHoldMillis) {
    this.bus = bus;
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.busy = busy;
    this.maxHoldMillis = maxHoldMillis;
  }

  /**
   * A sender on {@code context} that holds messages while {@code busy} says more will follow, for
   * at most {@code maxHoldMillis} (at least 1).
   */
  public static BatchedSender holding(Vertx vertx, Context context, DeliveryOptions options, BooleanSupplier busy,
      long maxHoldMillis) {
    if (maxHoldMillis < 1) {
      throw new IllegalArgumentException("maxHoldMillis must be at least 1, not " + maxHoldMillis);
    }
    return new BatchedSender(vertx.eventBus(), vertx, context, options, busy, maxHoldMillis);
  }

  /** Queues {@code message} for {@code address}; it leaves at the end of this turn (or, held, soon after). */
  public void send(String address, Message message) {
    pending.computeIfAbsent(address, a -> new ArrayList<>(4)).add(message);
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> endOfTurn());
    }
  }

  private void endOfTurn() {
    flushScheduled = false;
    if (pending.isEmpty()) {
      return;
    }
    if (maxHoldMillis > 0 && busy.getAsBoolean()) {
      if (holdTimer < 0) {
        holdTimer = vertx.setTimer(maxHoldMillis, id -> {
          holdTimer = -1;
          flush();
        });
      }
      return;
    }
    flush();
  }

  /** Sends everything queued now. */
  public void flush() {
    if (holdTimer >= 0) {
      vertx.cancelTimer(holdTimer);
      holdTimer = -1;
    }
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
