package dev.weft.scheduler.state.coordination;

import dev.weft.protocol.LoggedEvent;
import dev.weft.protocol.Payload;
import dev.weft.protocol.TopicEvents;
import dev.weft.protocol.TopicRequest;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Event topics (dask's event broker: {@code log_event}, {@code subscribe_topic},
 * {@code get_events}): each topic keeps its latest {@value Limits#EVENTS_KEPT} events and sends
 * each new one to its subscribers. The scheduler logs its own events here too.
 */
final class Topics {

  private final CoordinationHost host;
  /** Every topic logged to or subscribed to, by name. */
  private final Map<String, Topic> byName = new HashMap<>();
  /** Client → the topics it subscribed to; mirrors {@link Topic#subscribers}. */
  private final Map<String, Set<String>> byClient = new HashMap<>();

  /** One topic. */
  private static final class Topic {
    /** Its latest events, oldest first; at most {@link Limits#EVENTS_KEPT}. */
    final ArrayDeque<LoggedEvent> events = new ArrayDeque<>();
    /** Clients sent each new event. */
    final Set<String> subscribers = new LinkedHashSet<>();
  }

  Topics(CoordinationHost host) {
    this.host = host;
  }

  void handle(TopicRequest r, long id) {
    Topic t = byName.get(r.topic());
    if (t == null && (r.op() == TopicRequest.Op.LOG || r.op() == TopicRequest.Op.SUBSCRIBE)) {
      t = make(r.topic());
      if (t == null) {
        host.answer(id, Replies.error(Limits.tooMany("topics")));
        return;
      }
    }
    switch (r.op()) {
      case LOG -> {
        log(t, r.topic(), r.message());
        host.answer(id, Replies.OK);
      }
      case SUBSCRIBE -> {
        t.subscribers.add(r.clientId());
        byClient.computeIfAbsent(r.clientId(), c -> new LinkedHashSet<>()).add(r.topic());
        host.answer(id, Replies.OK);
      }
      case UNSUBSCRIBE -> {
        unsubscribe(r.clientId(), r.topic());
        host.answer(id, Replies.OK);
      }
      case EVENTS -> host.answer(id, new TopicEvents(t == null ? List.of() : List.copyOf(t.events)));
    }
  }

  /** Logs {@code message} under each of {@code topics} (the scheduler's own events). */
  void log(Payload message, String... topics) {
    for (String name : topics) {
      Topic t = byName.containsKey(name) ? byName.get(name) : make(name);
      if (t != null) {
        log(t, name, message);
      }
    }
  }

  private void log(Topic t, String name, Payload message) {
    LoggedEvent event = new LoggedEvent(name, host.now(), message);
    t.events.add(event);
    if (t.events.size() > Limits.EVENTS_KEPT) {
      t.events.poll();
    }
    for (String client : t.subscribers) {
      host.push(client, event);
    }
  }

  private void unsubscribe(String clientId, String topic) {
    Topic t = byName.get(topic);
    if (t != null) {
      t.subscribers.remove(clientId);
    }
    Set<String> topics = byClient.get(clientId);
    if (topics != null && topics.remove(topic) && topics.isEmpty()) {
      byClient.remove(clientId);
    }
  }

  /** {@code clientId} is gone: it subscribes to nothing. */
  void clientGone(String clientId) {
    Set<String> topics = byClient.remove(clientId);
    if (topics != null) {
      topics.forEach(topic -> byName.get(topic).subscribers.remove(clientId));
    }
  }

  /** A new topic {@code name}; null when there are too many. */
  private Topic make(String name) {
    if (byName.size() >= Limits.OBJECTS) {
      return null;
    }
    Topic t = new Topic();
    byName.put(name, t);
    return t;
  }
}
