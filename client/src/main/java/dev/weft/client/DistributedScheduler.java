package dev.weft.client;

import dev.weft.worker.verticle.TaskContext;
import java.util.Optional;
import io.vertx.core.Context;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

/**
 * {@link Schedulers#distributed(Client)}: the graph goes to {@code client}'s cluster in one
 * message ({@link Client#get(Graph, Collection)}); values stay on workers until the requested ones
 * are fetched, after which the client releases them. Called from inside a task, the task secedes
 * while it waits and rejoins after, so a graph computed from a task cannot starve for its thread.
 */
record DistributedScheduler(Client client) implements Scheduler {

  DistributedScheduler {
    Objects.requireNonNull(client, "client");
  }

  @Override
  public Map<String, Object> get(Graph graph, Collection<String> keys) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("computing blocks: call it outside event loops, or use client.get(...)");
    }
    // Inside a task, give its thread back while the graph computes (dask's worker_client): the
    // graph's own tasks may need that thread.
    Optional<TaskContext> task = TaskContext.current().filter(t -> !t.seceded());
    task.ifPresent(TaskContext::secede);
    try {
      return client.get(graph, keys).toCompletionStage().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WeftException("interrupted while computing " + keys, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WeftException w) {
        throw w;
      }
      throw new WeftException("failed to compute " + keys, e.getCause());
    } finally {
      task.ifPresent(TaskContext::rejoin);
    }
  }

  @Override
  public String toString() {
    return "Schedulers.distributed(" + client + ")";
  }
}
