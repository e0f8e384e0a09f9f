package dev.weft.client.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.Client;
import dev.weft.client.ClientOptions;
import dev.weft.client.TaskFuture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Several hosts, with the user's own Hazelcast configuration: the scheduler on 127.0.0.1 and one
 * worker each on 127.0.0.2 and 127.0.0.3 (loopback addresses standing in for three machines), all
 * given the same Hazelcast XML file (its own port range; Weft fills in name, host and members), and
 * a client joining from 127.0.0.1 with that file. Each JVM listens only on its own address, values
 * travel between the workers' hosts, and every result is right.
 */
@Tag("multi-jvm")
class MultiHostTest {

  private static final Duration START = Duration.ofMinutes(3);
  private static final Duration RESULT = Duration.ofMinutes(2);

  @Test
  void schedulerAndWorkersOnThreeAddressesComputeWithTheUsersHazelcastConfiguration() throws Exception {
    try (WeftJvms jvms = new WeftJvms()) {
      Path hazelcast = Files.writeString(jvms.logDir().resolve("my-hazelcast.xml"), String.join("\n",
          "<hazelcast xmlns=\"http://www.hazelcast.com/schema/config\">",
          "  <cluster-name>${weft.cluster.name}</cluster-name>",
          "  <properties>",
          "    <property name=\"hazelcast.socket.bind.any\">false</property>",
          "    <property name=\"hazelcast.local.localAddress\">${weft.cluster.host}</property>",
          "  </properties>",
          "  <network>",
          "    <port auto-increment=\"true\" port-count=\"100\">6101</port>",
          "    <join>",
          "      <multicast enabled=\"false\"/>",
          "      <auto-detection enabled=\"false\"/>",
          "      <tcp-ip enabled=\"true\" connection-timeout-seconds=\"1\"><member>${weft.cluster.members}</member></tcp-ip>",
          "    </join>",
          "  </network>",
          "</hazelcast>"));
      JvmProcess scheduler = jvms.startOn("scheduler", "127.0.0.1", "127.0.0.1", hazelcast, "{\"dashboardAddress\":\":0\"}");
      JvmProcess a = jvms.startOn("worker", "127.0.0.2", "127.0.0.1", hazelcast, "{\"name\":\"on-2\",\"nthreads\":1}");
      JvmProcess b = jvms.startOn("worker", "127.0.0.3", "127.0.0.1", hazelcast, "{\"name\":\"on-3\",\"nthreads\":1}");
      try (Client client = Client.connect(new ClientOptions().clusterName(jvms.clusterName()).host("127.0.0.1")
          .members(List.of("127.0.0.1")).hazelcastConfigFile(hazelcast))) {
        client.waitForWorkers(2, START).await();

        TaskFuture<Long> onA = client.task(FaultTasks::sum, 1L, 10L).workers("on-2").submit();
        TaskFuture<Long> onB = client.task(FaultTasks::sum, 2L, 20L).workers("on-3").submit();
        TaskFuture<Long> sumOnA = client.task(FaultTasks::sum, onA, onB).workers("on-2").submit();
        assertEquals(33L, sumOnA.result(RESULT), "on-2 fetched on-3's value across hosts");
        List<Integer> many = client.gather(client.map(FaultTasks::inc, IntStream.range(0, 200).boxed().toList())).await();
        assertEquals(IntStream.range(1, 201).boxed().toList(), many);

        assertEquals(Set.of("127.0.0.1"), ListeningPorts.hostsOf(scheduler.pid()), "the scheduler listens on its host only");
        assertEquals(Set.of("127.0.0.2"), ListeningPorts.hostsOf(a.pid()), "worker on-2 listens on its host only");
        assertEquals(Set.of("127.0.0.3"), ListeningPorts.hostsOf(b.pid()), "worker on-3 listens on its host only");
        assertTrue(ListeningPorts.of(scheduler.pid()).stream().anyMatch(p -> p >= 6101 && p < 6201),
            "Hazelcast took the port range of the user's file: " + ListeningPorts.of(scheduler.pid()));
      }
    }
  }
}
