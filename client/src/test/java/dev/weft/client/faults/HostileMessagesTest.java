package dev.weft.client.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.Client;
import dev.weft.client.LocalCluster;
import dev.weft.client.SchedulerInfo;
import dev.weft.client.SerializationException;
import dev.weft.client.TaskFuture;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.ClientHello;
import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.KeyInMemory;
import dev.weft.protocol.Message;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Priority;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.ScatterData;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.RetireWorkers;
import dev.weft.protocol.WorkerLost;
import dev.weft.protocol.wire.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Forged and malformed messages from a foreign clustered node are refused (a failure reply with
 * code 400 naming the rule) and change nothing — a client or worker of another Weft build is told
 * both protocol versions; a value that cannot be shipped fails at once.
 */
@Tag("multi-jvm")
class HostileMessagesTest {

  private static final Duration START = Duration.ofMinutes(3);
  private static final Duration REPLY = Duration.ofSeconds(30);

  @Test
  void forgedAndMalformedMessagesFromAForeignNodeChangeNothing() {
    try (WeftJvms jvms = new WeftJvms()) {
      Client client = jvms.startCluster(2);
      List<TaskFuture<Integer>> held = client.map(FaultTasks::inc, IntStream.range(0, 100).boxed().toList());
      List<Integer> values = client.gather(held).await();
      SchedulerInfo before = client.schedulerInfo().await();

      try (ForeignNode foreign = ForeignNode.join(jvms.clusterName(), START)) {
        assertRefused("scheduler-only", foreign.requestMessage(Addresses.SCHEDULER, new WorkerLost("w1", "forged"), REPLY));
        assertRefused("scheduler-only", foreign.requestMessage(Addresses.SCHEDULER, new RetireWorkers(List.of("w1", "w2")), REPLY));
        assertRefused("name-taken", foreign.requestMessage(Addresses.SCHEDULER,
            new RegisterWorker("w1", 119, 1L << 30, Map.of(), foreign.nodeId()), REPLY));
        assertRefused("unverified-worker", foreign.requestMessage(Addresses.SCHEDULER,
            new RegisterWorker("phantom", 119, 1L << 30, Map.of(), foreign.nodeId()), REPLY));
        Map<String, Payload> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertRefused("malformed", foreign.requestMessage(Addresses.SCHEDULER, new ScatterData(client.id(), nullValue, false), REPLY));
        assertRefused("malformed", foreign.requestMessage(Addresses.worker("w1"), new StoreData(nullValue), REPLY));
        TaskSpec spec = new TaskSpec("forged", "forged", Payload.of(null), Payload.of(new Object[0]), List.of(), TaskOptions.DEFAULT);
        assertRefused("not-from-scheduler", foreign.requestMessage(Addresses.worker("w2"),
            new ComputeTask(spec, new Priority(0, 0, 0), Map.of(), ""), REPLY));
        TaskFuture<Integer> pending = client.submit(FaultTasks::sleep, 3_000);
        assertRefused("not-from-scheduler", foreign.requestMessage(Addresses.client(client.id()),
            new KeyInMemory(pending.key(), "java.lang.Integer", List.of("w1"), Payload.of(666)), REPLY));
        assertEquals(3_000, pending.result(Duration.ofMinutes(1)), "the forged result was not taken");

        int otherBuild = WireCodec.PROTOCOL_VERSION ^ 0x5a5a5a5a;
        String mismatch = "malformed: protocol version mismatch: the sender speaks Weft protocol "
            + WireCodec.describe(otherBuild) + ", this node speaks " + WireCodec.describe(WireCodec.PROTOCOL_VERSION);
        for (Message hello : List.of(new ClientHello("other-build", foreign.nodeId()),
            new RegisterWorker("other-build", 1, 1L << 30, Map.of(), foreign.nodeId()))) {
          Throwable refused = assertThrows(Throwable.class,
              () -> foreign.requestAsVersion(Addresses.SCHEDULER, otherBuild, hello, REPLY).await(), "refused at once");
          ReplyException e = assertInstanceOf(ReplyException.class, refused);
          assertTrue(e.getMessage().startsWith(mismatch), "a connect or registration from another build: " + e.getMessage());
        }
      }

      SchedulerInfo after = client.schedulerInfo().await();
      assertEquals(before.workers().keySet(), after.workers().keySet(), "no worker removed, none added");
      assertEquals(values, client.gather(held).await(), "every held value still there");
      assertEquals(101, after.tasksByState().get("memory"), "the 100 held values and the one a forged result was sent for");
      List<Integer> more = client.gather(client.map(FaultTasks::inc, IntStream.range(0, 200).boxed().toList())).await();
      assertEquals(IntStream.range(1, 201).boxed().toList(), more);
    }
  }

  @Test
  void scatteringAValueThatCannotBeShippedThrowsAtOnce() {
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      SerializationException e = assertThrows(SerializationException.class, () -> client.scatter(new Thread()));
      assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
      assertEquals(42, client.scatter(42).result(Duration.ofMinutes(1)), "the client keeps working");
    }
  }

  private static void assertRefused(String kind, Future<Message> reply) {
    Throwable failure = assertThrows(Throwable.class, reply::await, "refused, not accepted");
    ReplyException e = assertInstanceOf(ReplyException.class, failure);
    assertEquals(400, e.failureCode(), e.getMessage());
    assertTrue(e.getMessage().startsWith(kind + ":"), e.getMessage());
  }
}
