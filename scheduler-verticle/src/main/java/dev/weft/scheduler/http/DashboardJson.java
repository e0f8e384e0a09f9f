package dev.weft.scheduler.http;

import dev.weft.protocol.TaskRun;
import dev.weft.scheduler.state.GraphView;
import dev.weft.scheduler.state.PrefixView;
import dev.weft.protocol.state.TransitionRecord;
import dev.weft.scheduler.state.TaskStatus;
import dev.weft.scheduler.state.WorkerView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the dashboard's API ({@code /api/v1/...}); times are epoch milliseconds. */
final class DashboardJson {

  private DashboardJson() {}

  static JsonArray workers(List<WorkerView> workers) {
    JsonArray out = new JsonArray();
    for (WorkerView w : workers) {
      out.add(new JsonObject()
          .put("id", w.id())
          .put("nthreads", w.nthreads())
          .put("processing", w.processing())
          .put("executing", w.executing())
          .put("cpu", Math.round(w.cpuPercent() * 10) / 10.0)
          .put("memoryBytes", w.memoryBytes())
          .put("memoryLimit", w.memoryLimit())
          .put("keys", w.keys())
          .put("nbytes", w.nbytes())
          .put("lastSeen", w.lastSeenMillis())
          .put("resources", new JsonObject(Map.copyOf(w.resources())))
          .put("status", w.status())
          .put("pauseReason", w.pauseReason())
          .put("managedBytes", w.managedBytes())
          .put("unmanagedBytes", w.unmanagedBytes())
          .put("spilledBytes", w.spilledBytes())
          .put("spilledKeys", w.spilledKeys()));
    }
    return out;
  }

  static JsonObject tasks(TaskCounts counts) {
    JsonObject states = new JsonObject();
    counts.byState().forEach((s, n) -> states.put(s.daskName(), n));
    JsonArray rows = new JsonArray();
    for (PrefixView p : counts.prefixes()) {
      JsonObject row = new JsonObject().put("name", p.name());
      p.counts().forEach((s, n) -> row.put(s.daskName(), n));
      rows.add(row.put("total", p.total()));
    }
    return new JsonObject().put("byState", states).put("prefixes", rows);
  }

  static JsonArray runs(List<TaskRun> runs) {
    JsonArray out = new JsonArray();
    for (TaskRun r : runs) {
      out.add(new JsonObject()
          .put("key", r.key())
          .put("prefix", r.prefix())
          .put("worker", r.worker())
          .put("lane", r.lane())
          .put("start", r.startMillis())
          .put("stop", r.stopMillis())
          .put("status", r.ok() ? "ok" : "error"));
    }
    return out;
  }

  static JsonObject graph(GraphView g) {
    JsonArray nodes = new JsonArray();
    for (GraphView.Node n : g.nodes()) {
      nodes.add(new JsonObject().put("key", n.key()).put("prefix", n.prefix()).put("state", n.status().daskName()));
    }
    JsonArray edges = new JsonArray();
    g.edges().forEach(e -> edges.add(new JsonArray(e)));
    return new JsonObject().put("truncated", g.truncated()).put("nodes", nodes).put("edges", edges);
  }

  static JsonObject story(String key, List<TransitionRecord<TaskStatus>> records) {
    JsonArray out = new JsonArray();
    for (TransitionRecord<TaskStatus> r : records) {
      out.add(new JsonObject()
          .put("from", r.from().daskName())
          .put("to", r.to().daskName())
          .put("stimulus", r.stimulus())
          .put("millis", r.millis()));
    }
    return new JsonObject().put("key", key).put("transitions", out);
  }
}
