package dev.weft.client;

import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends {@link Graph}s and {@link Delayed}s to a client's cluster: the tasks the wanted keys need,
 * in dependency order, in one {@code UpdateGraph} message ({@link Client#register(List, List)}).
 * Persisted values are not sent again: the key, held by the client, is the edge.
 */
final class GraphSubmission {

  private GraphSubmission() {}

  /** {@link Client#compute(Delayed)}. */
  static <T> TaskFuture<T> compute(Client client, Delayed<T> delayed) {
    List<String> wanted = List.of(delayed.key());
    return client.<T>register(specs(client, delayed.graph().closure(wanted)), wanted).get(0);
  }

  /** {@link Client#get(Graph, Collection)}: the futures are released once the values are here. */
  static Future<Map<String, Object>> get(Client client, Graph graph, Collection<String> keys) {
    List<String> wanted = List.copyOf(keys);
    List<TaskFuture<Object>> futures = client.register(specs(client, graph.closure(wanted)), wanted);
    List<Future<Object>> values = new ArrayList<>(futures.size());
    for (TaskFuture<Object> f : futures) {
      values.add(f.future());
    }
    return Future.all(values).<Map<String, Object>>map(all -> {
      Map<String, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < wanted.size(); i++) {
        out.put(wanted.get(i), all.resultAt(i));
      }
      return Collections.unmodifiableMap(out);
    }).andThen(done -> futures.forEach(TaskFuture::release));
  }

  /** The specs of {@code tasks} (in dependency order), leaving out values already held. */
  private static List<TaskSpec> specs(Client client, List<Graph.Task> tasks) {
    List<TaskSpec> specs = new ArrayList<>(tasks.size());
    for (Graph.Task t : tasks) {
      if (t.isHeld()) {
        if (t.future().client() != client) {
          throw new IllegalArgumentException("'" + t.key() + "' is persisted on another client than " + client);
        }
      } else {
        specs.add(client.taskSpec(t.fn(), t.call(), t.args(), TaskOptions.DEFAULT, t.key(), t.pure()));
      }
    }
    return specs;
  }
}
