package dev.weft.client.faults;

import static dev.weft.client.faults.FuzzTest.FUZZ_DEADLINE;
import static dev.weft.client.faults.FuzzTest.MAX_IN_FLIGHT;
import static dev.weft.client.faults.FuzzTest.RATE_PER_SECOND;
import static dev.weft.client.faults.FuzzTest.REQUEST_TIMEOUT;
import dev.weft.client.faults.FuzzPlan.Mutation;
import dev.weft.client.faults.FuzzPlan.Target;
import dev.weft.protocol.HeartbeatReply;
import dev.weft.protocol.Message;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Sending {@link FuzzTest}'s mutations at a bounded rate, and what came back. */
final class FuzzSending {

  private FuzzSending() {}

  /** What came back, per target and per decoded kind. */
  static final class Outcomes {
    /** target → outcome → count. */
    final Map<String, Map<String, Integer>> byTarget = new TreeMap<>();
    /** target + decoded kind → outcome → count. */
    final Map<String, Map<String, Integer>> byKind = new TreeMap<>();
    /** Sends that were neither a 400 nor a heartbeat's known=false answer: the first few of each target. */
    final List<String> unexpected = new ArrayList<>();
    final Map<Target, Integer> unexpectedCount = new TreeMap<>();

    synchronized void record(Mutation m, String outcome, boolean refused, String reply) {
      byTarget.computeIfAbsent(m.target().name(), x -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
      byKind.computeIfAbsent(m.target() + " " + m.decoded(), x -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
      if (!refused) {
        int n = unexpectedCount.merge(m.target(), 1, Integer::sum);
        if (n <= 10) {
          unexpected.add("#" + m.index() + " to " + m.target() + " (template " + m.template() + ") decoded as "
              + m.decoded() + " " + m.detail() + " -> " + outcome + " " + reply + "; bytes "
              + HexFormat.of().formatHex(m.body(), 0, Math.min(m.body().length, 200)));
        }
      }
    }

    /** Sent, refused with a 400, answered known=false, otherwise answered, timed out, failed otherwise. */
    synchronized String summary(Target t, int skipped) {
      Map<String, Integer> o = byTarget.getOrDefault(t.name(), Map.of());
      int sent = o.values().stream().mapToInt(Integer::intValue).sum();
      int refused = o.entrySet().stream().filter(e -> e.getKey().startsWith("400 ")).mapToInt(Map.Entry::getValue).sum();
      int unknown = o.getOrDefault("answered-unknown", 0);
      int accepted = o.entrySet().stream().filter(e -> e.getKey().startsWith("accepted:")).mapToInt(Map.Entry::getValue).sum();
      int timeouts = o.getOrDefault("timeout", 0);
      return String.format("%s: sent %d, skipped %d, refused with 400: %d, answered known=false: %d, answered otherwise: %d, "
          + "timeouts: %d, other failures: %d", t, sent, skipped, refused, unknown, accepted, timeouts,
          sent - refused - unknown - accepted - timeouts);
    }

    synchronized String report() {
      StringBuilder sb = new StringBuilder();
      byTarget.forEach((t, o) -> sb.append("  ").append(t).append(": ").append(o).append('\n'));
      sb.append("  by decoded kind:\n");
      byKind.forEach((k, o) -> sb.append("    ").append(k).append(": ").append(o).append('\n'));
      if (!unexpected.isEmpty()) {
        sb.append("  not refused (").append(unexpectedCount).append("), first ones:\n");
        unexpected.forEach(u -> sb.append("    ").append(u).append('\n'));
      }
      return sb.toString();
    }
  }

  /**
   * Sends the mutations as requests from the foreign node's event loop, at {@link #RATE_PER_SECOND}
   * with at most {@link #MAX_IN_FLIGHT} unanswered, and classifies each answer.
   */
  static final class Sender {
    private final ForeignNode foreign;
    private final List<Mutation> mutations;
    private final Outcomes outcomes = new Outcomes();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Touched only on the foreign node's event loop (timer and reply handlers run on its context). */
    private int next;
    private int inFlight;
    /** The most requests unanswered at once; read after {@link #run} returns. */
    private int maxInFlight;
    private long startNanos;
    private long timer;

    Sender(ForeignNode foreign, List<Mutation> mutations) {
      this.foreign = foreign;
      this.mutations = mutations;
    }

    Outcomes run() throws InterruptedException, ExecutionException {
      Vertx vertx = foreign.vertx();
      vertx.runOnContext(v -> {
        startNanos = System.nanoTime();
        timer = vertx.setPeriodic(10, id -> pump());
      });
      try {
        done.get(FUZZ_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("fuzzing did not finish within " + FUZZ_DEADLINE + "\n" + outcomes.report());
      }
      return outcomes;
    }

    int maxInFlight() {
      return maxInFlight;
    }

    private void pump() {
      long allowed = (System.nanoTime() - startNanos) * RATE_PER_SECOND / 1_000_000_000L;
      while (next < mutations.size() && next < allowed && inFlight < MAX_IN_FLIGHT) {
        Mutation m = mutations.get(next++);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        foreign.request(m.target().address, m.body(), REQUEST_TIMEOUT).onComplete(ar -> {
          inFlight--;
          if (ar.succeeded()) {
            answered(m, ar.result());
          } else {
            failed(m, ar.cause());
          }
          if (next == mutations.size() && inFlight == 0) {
            foreign.vertx().cancelTimer(timer);
            done.complete(null);
          }
        });
      }
    }

    private void answered(Mutation m, Buffer body) {
      Message reply;
      try {
        reply = ForeignNode.decode(body);
      } catch (RuntimeException e) {
        outcomes.record(m, "undecodable-reply", false, String.valueOf(e));
        return;
      }
      if (reply instanceof HeartbeatReply hb && !hb.known()) {
        outcomes.record(m, "answered-unknown", true, "");
      } else {
        outcomes.record(m, "accepted:" + reply.getClass().getSimpleName(), false, FuzzPlan.abbreviate(String.valueOf(reply)));
      }
    }

    private void failed(Mutation m, Throwable cause) {
      if (cause instanceof ReplyException e && e.failureType() == ReplyFailure.RECIPIENT_FAILURE && e.failureCode() == 400) {
        String msg = String.valueOf(e.getMessage());
        int colon = msg.indexOf(':');
        outcomes.record(m, "400 " + (colon < 0 ? msg : msg.substring(0, colon)), true, "");
      } else if (cause instanceof ReplyException e && e.failureType() == ReplyFailure.TIMEOUT) {
        outcomes.record(m, "timeout", false, "");
      } else if (cause instanceof ReplyException e) {
        outcomes.record(m, e.failureType() + " " + e.failureCode(), false, String.valueOf(e.getMessage()));
      } else {
        outcomes.record(m, "failed " + cause.getClass().getSimpleName(), false, String.valueOf(cause));
      }
    }
  }
}
