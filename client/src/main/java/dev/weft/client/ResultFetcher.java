package dev.weft.client;

import dev.weft.client.state.Outcome;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.DataReply;
import dev.weft.protocol.GetData;
import dev.weft.protocol.Locations;
import dev.weft.protocol.Query;
import dev.weft.protocol.QueryKind;
import dev.weft.protocol.Message;
import dev.weft.protocol.Serializers;
import dev.weft.worker.verticle.DataChannel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The values of a client's done futures: held here (sent inline, scattered), or fetched from the
 * workers holding them — small ones in the answer, large ones over the data channel —, a few at
 * a time per worker ({@link FetchLimiter}), asking another holder, or the same one again after a
 * pause, when one fails. A holder that is gone (it retired or died since the value was done) is
 * skipped at once, and when every holder known has failed the scheduler is asked once who holds
 * the value now (a retiring worker's values move to another worker before it goes).
 */
final class ResultFetcher {

  /** Times a holder whose answer failed is asked for a value before the next holder. */
  private static final int FETCH_TRIES = 3;
  /** Pause before asking a holder again, times the tries so far. */
  private static final long FETCH_RETRY_MILLIS = 500;

  private final Vertx vertx;
  /** Weft's codec and the client's node header. */
  private final DeliveryOptions options;
  /** The client's tie to the scheduler, asked who holds a value when the holders known all failed. */
  private final SchedulerConnection connection;
  /** Values this client fetched from workers itself (not forwarded inline). */
  private final AtomicLong fetches = new AtomicLong();
  /** Bounds fetches of values from each worker. */
  private final FetchLimiter fetchLimiter = new FetchLimiter();

  ResultFetcher(Vertx vertx, SchedulerConnection connection) {
    this.vertx = vertx;
    this.options = connection.options();
    this.connection = connection;
  }

  /** The value of {@code key}, done with {@code outcome}: held here, or fetched from a worker holding it. */
  @SuppressWarnings("unchecked")
  <T> Future<T> valueOf(String key, Outcome outcome) {
    return switch (outcome.status()) {
      case ERROR -> Future.failedFuture(RemoteErrors.toException(key, outcome.error()));
      case CANCELLED -> Future.failedFuture(new CancelledTaskException(key, outcome.cancelReason()));
      default -> outcome.hasValue()
          ? Future.succeededFuture((T) outcome.value())
          : (Future<T>) fetch(key, outcome.workers(), 0, 1, null)
              .recover(failure -> fetchFromHoldersNow(key, outcome.workers(), failure));
    };
  }

  /** Values fetched from workers by this client so far. */
  long fetches() {
    return fetches.get();
  }

  /**
   * The value of {@code key} from its holders in turn, from {@code holders.get(attempt)} on. A
   * holder that answers it does not hold the key is skipped; one whose answer fails (busy, short
   * of memory) is asked again after a pause, up to {@link #FETCH_TRIES} times, before the next
   * holder. Fails naming the last cause.
   */
  private Future<Object> fetch(String key, List<String> holders, int attempt, int tries, Throwable lastFailure) {
    if (attempt >= holders.size()) {
      return Future.failedFuture(lastFailure == null
          ? new WeftException("no worker holds " + key + " any more")
          : new WeftException("could not fetch " + key + " from " + holders + ": " + lastFailure.getMessage(), lastFailure));
    }
    if (attempt == 0 && tries == 1) {
      fetches.incrementAndGet();
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Function<Throwable, Future<Object>> retry = failure -> tries < FETCH_TRIES
        ? vertx.timer(FETCH_RETRY_MILLIS * tries).compose(t -> fetch(key, holders, attempt, tries + 1, failure))
        : fetch(key, holders, attempt + 1, 1, failure);
    String holder = holders.get(attempt);
    return fetchLimiter.run(holder, () -> vertx.eventBus().<Message>request(Addresses.worker(holder), new GetData(List.of(key)), options)
        .compose(reply -> {
          if (reply.body() instanceof DataReply data && data.data().containsKey(key)) {
            return Future.succeededFuture(data.data().get(key).value());
          }
          if (reply.body() instanceof DataReply data && data.tickets().containsKey(key)) { // large: direct channel
            return DataChannel.fetchValue(vertx, data.tickets().get(key), Serializers.DEFAULT, loader);
          }
          return Future.<Object>failedFuture(new MissingHere());
        }))
        .recover(failure -> failure instanceof MissingHere || gone(failure)
            ? fetch(key, holders, attempt + 1, 1, gone(failure) ? failure : lastFailure) : retry.apply(failure));
  }

  /**
   * After every holder in {@code tried} failed with {@code failure}: the value from the holders the
   * scheduler names now, when it names any other; else {@code failure}.
   */
  private Future<Object> fetchFromHoldersNow(String key, List<String> tried, Throwable failure) {
    return connection.query(new Query(QueryKind.WHO_HAS, List.of(key)))
        .transform(ar -> {
          List<String> now = ar.succeeded() ? ((Locations) ar.result()).entries().getOrDefault(key, List.of()) : List.of();
          return now.isEmpty() || tried.containsAll(now) ? Future.failedFuture(failure) : fetch(key, now, 0, 1, null);
        });
  }

  /** Whether {@code failure} says no worker listens at the holder's address any more (it left). */
  private static boolean gone(Throwable failure) {
    return failure instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS;
  }

  /** A holder answered that it does not hold the value. */
  private static final class MissingHere extends Exception {
    MissingHere() {
      super(null, null, false, false);
    }
  }
}
