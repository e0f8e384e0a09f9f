package dev.weft.scheduler.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Server-sent events for open dashboards: every {@link #PERIOD_MILLIS} one {@code update} event
 * (built once, written to every open page) carrying the scheduler's info, workers, task counts
 * and the task runs recorded since the previous update. The timer runs only while a page is
 * open, so a scheduler nobody watches pays nothing. Outbound only: a page cannot send anything
 * to the scheduler through it. Used on the dashboard's context.
 */
final class DashboardEvents {

  /** Interval between updates. */
  static final long PERIOD_MILLIS = 500;
  /** Most task runs one update carries: an even sample of a busier interval (2,000 bars a second suffice to draw). */
  static final int MAX_RUNS_PER_UPDATE = 1_000;

  private final Vertx vertx;
  private final SchedulerReader reader;
  private final SchedulerView view;
  /** Turns a snapshot into the update's JSON (info, workers, tasks, stream). */
  private final Function<Snapshot, JsonObject> toJson;
  /** Open event streams. */
  private final Set<HttpServerResponse> open = new LinkedHashSet<>();
  /** Size of {@link #open}, readable from the scheduler's context (for /metrics). */
  private volatile int openCount;
  /** The periodic timer's id while {@link #open} is non-empty, else -1. */
  private long timer = -1;
  /** Task runs up to this sequence number have been sent; -1 while no page is open. */
  private long sent = -1;

  DashboardEvents(Vertx vertx, SchedulerReader reader, SchedulerView view, Function<Snapshot, JsonObject> toJson) {
    this.vertx = vertx;
    this.reader = reader;
    this.view = view;
    this.toJson = toJson;
  }

  /** Turns {@code response} into an event stream and sends it updates until it closes. */
  void subscribe(HttpServerResponse response) {
    response.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("X-Accel-Buffering", "no");
    response.closeHandler(v -> {
      open.remove(response);
      openCount = open.size();
    });
    response.write(": weft dashboard events\nretry: 2000\n\n");
    if (open.isEmpty()) {
      timer = vertx.setPeriodic(PERIOD_MILLIS, id -> push());
    }
    open.add(response);
    openCount = open.size();
    push();
  }

  private void push() {
    if (open.isEmpty()) {
      vertx.cancelTimer(timer);
      timer = -1;
      sent = -1;
      return;
    }
    long from = sent;
    reader.read(() -> Snapshot.take(view.state(), from, MAX_RUNS_PER_UPDATE))
        .onSuccess(snapshot -> {
          sent = Math.max(sent, snapshot.cursor());
          Buffer event = Buffer.buffer("event: update\ndata: ").appendString(toJson.apply(snapshot).encode())
              .appendString("\n\n");
          for (HttpServerResponse r : open) {
            if (!r.writeQueueFull()) {
              r.write(event);
            }
          }
        });
  }

  /** Event streams open now (dashboard pages watching); safe to read from any thread. */
  int openCount() {
    return openCount;
  }

  /** Ends every open stream. */
  void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    for (HttpServerResponse r : Set.copyOf(open)) {
      r.end();
    }
    open.clear();
    openCount = 0;
  }
}
