package dev.weft.client.faults;

import dev.weft.client.Client;
import dev.weft.client.ClientOptions;
import dev.weft.client.TaskFuture;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A client JVM for the fault tests: joins cluster {@code args[0]}, computes {@code args[1]} results
 * of 10 KB each and keeps their futures, prints {@code HELD <n>}, then waits to be killed.
 */
public final class HoldingClient {

  /** The futures held for as long as the JVM lives (so nothing is released by garbage collection). */
  private static final List<TaskFuture<byte[]>> HELD = new ArrayList<>();

  private HoldingClient() {}

  /** Entry point: {@code <cluster name> <number of results>}. */
  public static void main(String[] args) {
    Client client = Client.connect(ClientOptions.fromJson(new JsonObject().put("clusterName", args[0]).put("timeoutMillis", 120_000)));
    int n = Integer.parseInt(args[1]);
    for (int i = 0; i < n; i++) {
      HELD.add(client.submit(FaultTasks::block, i, 10_000));
    }
    client.gather(HELD).await();
    System.out.println("HELD " + HELD.size());
    while (true) {
      LockSupport.park();
    }
  }
}
