package dev.weft.client;

import dev.weft.client.coordination.SchedulerChannel;
import dev.weft.client.coordination.TopicEvent;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.Batch;
import dev.weft.protocol.Coordination;
import dev.weft.protocol.CoordinationReply;
import dev.weft.protocol.Inbound;
import dev.weft.protocol.LoggedEvent;
import dev.weft.protocol.Message;
import dev.weft.protocol.RejectionLog;
import dev.weft.protocol.Reply;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.SharedValue;
import dev.weft.protocol.Taken;
import dev.weft.protocol.TopicRequest;
import dev.weft.protocol.wire.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.lang.System.Logger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A client's {@link SchedulerChannel}: coordination requests go to the scheduler as the client's
 * queries do, futures handed over by a queue, variable or dataset become the client's own, and the
 * events of subscribed topics arrive at the client's event inbox, checked to come from the
 * scheduler, and reach their handlers on the client's callback threads.
 */
final class ClientChannel implements SchedulerChannel {

  private static final Logger LOG = System.getLogger(ClientChannel.class.getName());
  /** How much longer than its wait on the scheduler a request may take to be answered (a loaded machine). */
  private static final long REPLY_MARGIN_MILLIS = 30_000;

  private final Client client;
  private final Vertx vertx;
  /** Events refused (malformed, or not from the scheduler): counted, logged at most once a second. */
  private final RejectionLog rejections = new RejectionLog(LOG, "client events");
  /** Handler of each subscribed topic, with the class loader its events' messages are decoded with. */
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  /** The inbox of subscribed topics' events; null while there is none. Guarded by this. */
  private MessageConsumer<Message> events;

  /** What a subscription runs. */
  private record Subscription(Consumer<TopicEvent> handler, ClassLoader loader) {}

  ClientChannel(Client client, Vertx vertx) {
    this.client = client;
    this.vertx = vertx;
  }

  @Override
  public String clientId() {
    return client.id();
  }

  @Override
  public Future<Reply> ask(Coordination request, long waitMillis) {
    String what = request.getClass().getSimpleName();
    return client.query(request, waitMillis + REPLY_MARGIN_MILLIS)
        .recover(e -> Future.failedFuture(new WeftException(what + " failed: " + e.getMessage(), e)))
        .compose(reply -> reply instanceof CoordinationReply r && !r.error().isEmpty()
            ? Future.failedFuture(new WeftException(r.error()))
            : Future.succeededFuture((Reply) reply));
  }

  @Override
  public void tell(Coordination message) {
    client.tell(message); // on the client's context: after the sends of what was decided before it
  }

  @Override
  public SharedValue share(Object value) {
    if (value instanceof TaskFuture<?> f) {
      if (f.client() != client) {
        throw new IllegalArgumentException("future " + f.key() + " belongs to another client");
      }
      return SharedValue.future(f.key());
    }
    return SharedValue.of(client.shippable(value, "shared value"));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T unshare(SharedValue value, ClassLoader loader) {
    if (value.key() == null) {
      return (T) value.value().value(Serializers.DEFAULT, loader);
    }
    TaskFuture<Object> future = client.<Object>register(List.of(), List.of(value.key())).get(0);
    tell(new Taken(client.id(), List.of(value.key())));
    return (T) future;
  }

  @Override
  public Future<Void> subscribe(String topic, Consumer<TopicEvent> handler) {
    subscriptions.put(topic, new Subscription(handler, Thread.currentThread().getContextClassLoader()));
    return inbox().compose(v -> ask(new TopicRequest(client.id(), TopicRequest.Op.SUBSCRIBE, topic, null), 0)).mapEmpty();
  }

  @Override
  public Future<Void> unsubscribe(String topic) {
    subscriptions.remove(topic);
    return ask(new TopicRequest(client.id(), TopicRequest.Op.UNSUBSCRIBE, topic, null), 0).mapEmpty();
  }

  /** The events inbox, registered (cluster-wide) on first use. */
  private synchronized Future<Void> inbox() {
    if (events == null) {
      events = vertx.eventBus().consumer(Addresses.clientEvents(client.id()), this::onEvents);
    }
    return events.completion();
  }

  /** Events from the scheduler, decoded inside the guard; anything else is refused and counted. */
  private void onEvents(io.vertx.core.eventbus.Message<Message> envelope) {
    Message body = Inbound.body(envelope, vertx.isClustered(), rejections);
    if (body == null) {
      return;
    }
    String scheduler = client.schedulerNode();
    if (scheduler == null || !scheduler.equals(WireCodec.sender(envelope))) {
      rejections.refuse(envelope, "not-from-scheduler", "events from node " + WireCodec.sender(envelope) + ", not from the scheduler's");
      return;
    }
    for (Message m : body instanceof Batch batch ? batch.messages() : List.of(body)) {
      if (m instanceof LoggedEvent e && subscriptions.get(e.topic()) != null) {
        Subscription s = subscriptions.get(e.topic());
        client.futures().callbacks().execute(() -> deliver(s, e));
      }
    }
  }

  /** Runs {@code s}'s handler on {@code e}; a handler that throws is logged, and gets the next event all the same. */
  private static void deliver(Subscription s, LoggedEvent e) {
    try {
      s.handler().accept(new TopicEvent(e.topic(), Instant.ofEpochMilli(e.timeMillis()), e.message().value(Serializers.DEFAULT, s.loader())));
    } catch (RuntimeException failed) {
      LOG.log(Logger.Level.WARNING, "the handler of topic " + e.topic() + " failed", failed);
    }
  }

  /** The client closed: no more events. */
  synchronized void close() {
    subscriptions.clear();
    if (events != null) {
      events.unregister();
      events = null;
    }
  }
}
