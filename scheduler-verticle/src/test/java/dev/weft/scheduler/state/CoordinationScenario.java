package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.NODE;

import dev.weft.protocol.ClientHeartbeat;
import dev.weft.protocol.Coordination;
import dev.weft.protocol.CoordinationReply;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Reply;
import dev.weft.protocol.SharedValue;
import dev.weft.scheduler.state.coordination.Replies;
import java.util.ArrayList;
import java.util.List;

/**
 * Harness of the coordination tests: {@link SchedulerScenario}'s validating state and clients, plus
 * coordination requests numbered as the verticle numbers them, and the answers expected back.
 */
abstract class CoordinationScenario extends SchedulerScenario {

  /** Id of the last request sent. */
  long lastId;

  /** Sends {@code m} now as the next request; returns its effects (see {@link Specs#withoutStimulusIds}). */
  List<Effect> ask(Coordination m) {
    return Specs.withoutStimulusIds(state.request(m, NODE, ++lastId, now));
  }

  /** Sends {@code m} at {@code millis}. */
  List<Effect> askAt(long millis, Coordination m) {
    now = millis;
    return ask(m);
  }

  /** Client {@code client} heartbeats at {@code millis}: it stays heard from. */
  void beat(String client, long millis) {
    at(millis, new ClientHeartbeat(client));
  }

  /** The answers among {@code effects}. */
  static List<Effect> answers(List<Effect> effects) {
    List<Effect> out = new ArrayList<>();
    for (Effect e : effects) {
      if (e instanceof Answer) {
        out.add(e);
      }
    }
    return out;
  }

  static Answer answer(long id, Reply reply) {
    return new Answer(id, reply);
  }

  static Answer forgotten(long id) {
    return new Answer(id, null);
  }

  static CoordinationReply ok() {
    return Replies.OK;
  }

  static CoordinationReply notYet() {
    return Replies.NOT_YET;
  }

  static CoordinationReply flag(boolean ok) {
    return Replies.flag(ok);
  }

  static CoordinationReply error(String why) {
    return Replies.error(why);
  }

  static CoordinationReply count(long n) {
    return Replies.count(n);
  }

  static CoordinationReply values(SharedValue... values) {
    return Replies.values(List.of(values));
  }

  static SharedValue value(Object v) {
    return SharedValue.of(Payload.of(v));
  }

  static SharedValue future(String key) {
    return SharedValue.future(key);
  }
}
