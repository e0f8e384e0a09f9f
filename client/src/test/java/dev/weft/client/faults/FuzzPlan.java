package dev.weft.client.faults;

import static dev.weft.client.faults.FuzzTest.PER_TARGET;
import static dev.weft.client.faults.FuzzTest.SEED;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.Batch;
import dev.weft.protocol.GetData;
import dev.weft.protocol.Identify;
import dev.weft.protocol.Message;
import dev.weft.protocol.MessageCheck;
import dev.weft.protocol.Query;
import dev.weft.protocol.RunFunction;
import dev.weft.protocol.TaskStreamQuery;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.ToWorker;
import dev.weft.protocol.wire.MessageMutator;
import dev.weft.protocol.wire.SampleMessages;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The seeded mutations of {@link FuzzTest}: where each goes, its bytes, and what it decodes to. */
final class FuzzPlan {

  private FuzzPlan() {}

  enum Target {
    SCHEDULER(Addresses.SCHEDULER),
    WORKER(Addresses.worker("w1"));

    final String address;

    Target(String address) {
      this.address = address;
    }
  }

  /** One mutation to send: its target, its bytes, and what it decodes to here ("undecodable" if nothing). */
  record Mutation(int index, Target target, byte[] body, String template, String decoded, String detail) {}

  /** The seeded mutations to send, drawn alternately for the two targets, and how many were skipped. */
  static final class Plan {
    final List<Mutation> mutations = new ArrayList<>();
    final Map<Target, Integer> skipped = new TreeMap<>();

    int sent(Target t) {
      return (int) mutations.stream().filter(m -> m.target() == t).count();
    }

    int skipped(Target t) {
      return skipped.getOrDefault(t, 0);
    }

    static Plan draw(String foreignNodeId) {
      List<Message> samples = SampleMessages.valid();
      Map<Target, List<Message>> templates = Map.of(
          Target.SCHEDULER, samples.stream().filter(m -> m instanceof ToScheduler).toList(),
          Target.WORKER, samples.stream().filter(m -> m instanceof ToWorker).toList());
      byte[] ownId = foreignNodeId.getBytes(StandardCharsets.UTF_8);
      for (List<Message> ts : templates.values()) {
        for (Message m : ts) {
          assertFalse(contains(ForeignNode.encode(m), ownId), "a template carries the foreign node's id: " + m);
        }
      }
      MessageMutator mutator = new MessageMutator(SEED);
      Plan plan = new Plan();
      Map<Target, Integer> drawn = new TreeMap<>();
      Map<Target, Integer> sent = new TreeMap<>();
      int step = 0;
      while (plan.mutations.size() < 2 * PER_TARGET) {
        Target t = Target.values()[step++ % 2];
        if (sent.getOrDefault(t, 0) == PER_TARGET) {
          continue;
        }
        List<Message> ts = templates.get(t);
        Message template = ts.get(drawn.merge(t, 1, Integer::sum) % ts.size());
        byte[] body = mutator.mutate(ForeignNode.encode(template));
        Message decoded;
        try {
          decoded = ForeignNode.decode(Buffer.buffer(body));
        } catch (RuntimeException e) {
          decoded = null;
        }
        if (decoded != null && anyoneMayAsk(t, decoded)) {
          plan.skipped.merge(t, 1, Integer::sum);
          continue;
        }
        String detail = "";
        if (decoded != null) {
          assertFalse(String.valueOf(decoded).contains(foreignNodeId), "a mutation carries the foreign node's id: " + decoded);
          try {
            MessageCheck.check(decoded);
          } catch (RuntimeException e) {
            detail = "malformed";
          }
        }
        String kind = decoded == null ? "undecodable" : decoded.getClass().getSimpleName() + (detail.isEmpty() ? "" : "(malformed)");
        plan.mutations.add(new Mutation(plan.mutations.size(), t, body, template.getClass().getSimpleName(), kind,
            decoded == null ? "" : abbreviate(String.valueOf(decoded))));
        sent.merge(t, 1, Integer::sum);
      }
      return plan;
    }

    /** A read-only request anyone may make at {@code t}: answered, not refused; never sent. */
    private static boolean anyoneMayAsk(Target t, Message m) {
      if (t == Target.WORKER) {
        return m instanceof GetData || m instanceof RunFunction || m instanceof Identify;
      }
      if (m instanceof Batch b) { // a batch refused in none of its parts is not refused
        return b.messages() != null && b.messages().stream().allMatch(x -> x instanceof Query || x instanceof TaskStreamQuery);
      }
      return m instanceof Query || m instanceof TaskStreamQuery;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= hay.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (hay[i + j] != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}
