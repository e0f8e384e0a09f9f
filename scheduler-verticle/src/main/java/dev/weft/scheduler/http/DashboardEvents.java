package dev.weft.scheduler.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Server-sent events for open dashboards: every {@link #PERIOD_MILLIS} one {@code update} event
 * (built once, written to every open page) carrying the scheduler's info, workers, task counts
 * and the task runs recorded since the previous update. The timer runs only while a page is
 * open, so a scheduler nobody watches pays nothing. Outbound only: a page cannot send anything
 * to the scheduler through it. Used on the scheduler's context.
 */
final class DashboardEvents {

  /** Interval between updates. */
  static final long PERIOD_MILLIS = 500;
  /** Most task runs one update carries: an even sample of a busier interval (2,000 bars a second suffice to draw). */
  static final int MAX_RUNS_PER_UPDATE = 1_000;

  private final Vertx vertx;
  private final TaskStream stream;
  /** Builds the update's snapshot part (info, workers, tasks). */
  private final Supplier<JsonObject> snapshot;
  /** Open event streams. */
  private final Set<HttpServerResponse> open = new LinkedHashSet<>();
  /** The periodic timer's id while {@link #open} is non-empty, else -1. */
  private long timer = -1;
  /** Task runs up to this sequence number have been sent. */
  private long sent;

  DashboardEvents(Vertx vertx, TaskStream stream, Supplier<JsonObject> snapshot) {
    this.vertx = vertx;
    this.stream = stream;
    this.snapshot = snapshot;
    this.sent = stream.recorded();
  }

  /** Turns {@code response} into an event stream and sends it updates until it closes. */
  void subscribe(HttpServerResponse response) {
    response.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("X-Accel-Buffering", "no");
    response.closeHandler(v -> open.remove(response));
    response.write(": weft dashboard events\nretry: 2000\n\n");
    if (open.isEmpty()) {
      sent = stream.recorded();
      timer = vertx.setPeriodic(PERIOD_MILLIS, id -> push());
    }
    open.add(response);
    push();
  }

  private void push() {
    if (open.isEmpty()) {
      vertx.cancelTimer(timer);
      timer = -1;
      return;
    }
    JsonObject update = snapshot.get().put("stream", DashboardJson.runs(stream.after(sent, MAX_RUNS_PER_UPDATE)));
    sent = stream.recorded();
    Buffer event = Buffer.buffer("event: update\ndata: ").appendString(update.encode()).appendString("\n\n");
    for (HttpServerResponse r : open) {
      if (!r.writeQueueFull()) {
        r.write(event);
      }
    }
  }

  /** Event streams open now (dashboard pages watching). */
  int openCount() {
    return open.size();
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
  }
}
