package dev.weft.client.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.Client;
import dev.weft.client.Poll;
import dev.weft.client.SchedulerInfo;
import dev.weft.client.Security;
import dev.weft.client.TaskFuture;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.Broadcast;
import dev.weft.protocol.GetData;
import dev.weft.protocol.Payload;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.RunFunction;
import dev.weft.protocol.TaskFunction;
import dev.weft.protocol.WorkerLost;
import dev.weft.protocol.tls.TlsFiles;
import dev.weft.protocol.tls.TlsMaterial;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A cluster of {@code bin/weft run} JVMs started with {@code --tls-ca-file --tls-cert --tls-key}:
 * every port but Hazelcast's demands a TLS handshake with a certificate from the cluster's CA, and
 * a stranger who joins Hazelcast with the cluster's name — without a certificate, or with one from
 * another CA — gets no code run, no value read, no fake worker registered and no worker removed,
 * while a legitimate client's map stays correct; every refusal is counted.
 */
@Tag("multi-jvm")
class SecureClusterTest {

  private static final Duration START = Duration.ofMinutes(3);
  private static final Duration REPLY = Duration.ofSeconds(10);
  /** Hazelcast's member ports (conf/cluster.xml: 5701 and the 99 after it); not Weft's to secure. */
  private static final int HAZELCAST_FIRST = 5701;
  private static final int HAZELCAST_LAST = 5800;

  @Test
  void strangersWithoutTheClustersCertificateGetNothingAndChangeNothing() throws Exception {
    try (WeftJvms jvms = new WeftJvms(Security.temporary())) {
      Client client = jvms.startCluster(2);
      List<TaskFuture<Integer>> held = client.map(FaultTasks::inc, IntStream.range(0, 100).boxed().toList());
      List<Integer> values = client.gather(held).await();
      SchedulerInfo before = client.schedulerInfo().await();
      assertTrue(before.address().startsWith("tls://127.0.0.1/"), before.address());
      String dashboard = jvms.processes().get(0).awaitLog(Pattern.compile("dashboard at (https://\\S+)/status"), START).group(1);

      for (JvmProcess p : jvms.processes()) {
        List<Integer> ports = weftPorts(p.pid());
        assertEquals(2, ports.size(), p + " listens on " + ports + ": the event bus and its dashboard or data channel");
        for (int port : ports) {
          TlsProbe.plainTcpRefused(port);
          TlsProbe.tlsWithoutCertificateRefused(port);
        }
      }

      Path marker = jvms.logDir().resolve("stranger-ran-code");
      Payload touch = Payload.of((TaskFunction & java.io.Serializable) args -> Files.createFile(marker).toString());
      List<TaskFuture<Integer>> victim = client.map(FaultTasks::inc, IntStream.range(1000, 1200).boxed().toList());
      TlsFiles otherCa = Security.temporary().writeTo(jvms.logDir().resolve("other-ca"));
      for (TlsFiles credentials : Arrays.asList(null, otherCa)) {
        try (ForeignNode stranger = ForeignNode.join(jvms.clusterName(), START, credentials)) {
          String who = credentials == null ? "a node without a certificate" : "a node with another CA's certificate";
          stranger.vertx().eventBus().consumer(Addresses.worker("phantom"), m -> { });
          Map<String, Future<?>> attacks = new LinkedHashMap<>();
          attacks.put("ran code on a worker", stranger.requestMessage(Addresses.worker("w1"), new RunFunction(touch), REPLY));
          attacks.put("broadcast code", stranger.requestMessage(Addresses.SCHEDULER, new Broadcast(client.id(), touch), REPLY));
          attacks.put("read a result", stranger.requestMessage(Addresses.worker("w2"),
              new GetData(List.of(held.get(0).key()), "thief"), REPLY));
          attacks.put("registered a worker", stranger.requestMessage(Addresses.SCHEDULER,
              new RegisterWorker("phantom", 8, 1L << 30, Map.of(), stranger.nodeId()), REPLY));
          attacks.put("removed a worker", stranger.requestMessage(Addresses.SCHEDULER, new WorkerLost("w1", "forged"), REPLY));
          attacks.forEach((what, reply) -> TlsProbe.assertNeverDelivered(reply, who + " " + what));
        }
      }

      assertEquals(IntStream.range(1001, 1201).boxed().toList(), client.gather(victim).await(), "the victim's map is correct");
      assertFalse(Files.exists(marker), "no stranger's code ran");
      SchedulerInfo after = client.schedulerInfo().await();
      assertEquals(Set.of("w1", "w2"), after.workers().keySet(), "no worker removed, none added");
      assertEquals(values, client.gather(held).await(), "every held value still there");
      assertCounted(jvms, dashboard);
      assertOnlyWorkersReadUserValues(jvms, client);
    }
  }

  /**
   * A value submitted as an argument and one scattered cross the scheduler's JVM as bytes: only
   * worker JVMs deserialize them (the client only writes them).
   */
  private static void assertOnlyWorkersReadUserValues(WeftJvms jvms, Client client) throws Exception {
    Path marks = Files.createDirectories(jvms.logDir().resolve("deserialized-by"));
    TaskFuture<Poison> scattered = client.scatter(new Poison(marks, 1));
    assertEquals(42, client.submit(SecureClusterTest::plus, new Poison(marks, 40), scattered).result(Duration.ofMinutes(1)));
    List<JvmProcess> processes = jvms.processes();
    Set<Long> readers = Poison.readers(marks);
    assertFalse(readers.isEmpty(), "a worker read the values (the marks work)");
    assertTrue(Set.of(processes.get(1).pid(), processes.get(2).pid()).containsAll(readers),
        "only worker JVMs read user values; readers " + readers + ", scheduler " + processes.get(0).pid()
            + ", this JVM " + ProcessHandle.current().pid());
  }

  static int plus(Poison a, Poison b) {
    return a.n() + b.n() + 1;
  }

  /** The scheduler's /metrics (over HTTPS, as a member) counts the refusals of every JVM. */
  private static void assertCounted(WeftJvms jvms, String dashboard) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      TlsFiles f = jvms.tlsFiles();
      TlsMaterial member = TlsMaterial.fromFiles(f.ca(), f.cert(), f.key(), "TLSv1.2");
      List<String> seen = new ArrayList<>();
      Poll.until(Duration.ofMinutes(1), "refusals counted: " + seen, () -> {
        String metrics = TlsProbe.get(vertx, member, true, dashboard + "/metrics").await();
        seen.add(metrics.lines().filter(l -> l.contains("refused") || l.contains("rejected")).toList().toString());
        // the scheduler's event bus: 2 probes and 2 strangers; its dashboard: 2 probes; the workers'
        // event bus and data channel: 2 probes each per worker, plus the strangers' visits to w1 and w2
        return TlsProbe.refused(metrics, "event-bus") >= 4 && TlsProbe.refused(metrics, "dashboard") >= 2
            && TlsProbe.metric(metrics, "weft_worker_messages_rejected_total") >= 8 + 4;
      });
    } finally {
      vertx.close().await();
    }
  }

  /** The ports {@code pid} listens on, Hazelcast's aside. */
  private static List<Integer> weftPorts(long pid) {
    return ListeningPorts.of(pid).stream().filter(p -> p < HAZELCAST_FIRST || p > HAZELCAST_LAST).toList();
  }
}
