package dev.weft.client;

import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.RemoteError;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The client's shared state of one key, behind every {@link TaskFuture} on it: status, value or
 * error, and how many live futures refer to it. Guarded by its own monitor; updated by the
 * client's inbox as the scheduler reports.
 */
final class FutureState {

  /** The key. */
  final String key;
  /** Current status. */
  private FutureStatus status = FutureStatus.PENDING;
  /** True when {@link #value} holds the value (results forwarded inline, scattered data). */
  private boolean hasValue;
  /** The value, when {@link #hasValue}. */
  private Object value;
  /** Workers holding the value, as last reported. */
  private List<String> workers = List.of();
  /** The error, when {@code status == ERROR}. */
  private RemoteError error;
  /** Why it was cancelled, when {@code status == CANCELLED}. */
  private String cancelReason;
  /** Completed when the status leaves PENDING/LOST; replaced when the value is lost. */
  private CompletableFuture<FutureState> done = new CompletableFuture<>();
  /** Live {@link TaskFuture}s on this key; the client releases the key when it drops to zero. */
  int refs;

  FutureState(String key) {
    this.key = key;
  }

  /** A state holding a value already known here (scattered data), still pending on the cluster. */
  static FutureState withLocalValue(String key, Object value) {
    FutureState s = new FutureState(key);
    s.hasValue = true;
    s.value = value;
    return s;
  }

  void finished(Object inlineValue, boolean inline, List<String> holders) {
    CompletableFuture<FutureState> toComplete;
    synchronized (this) {
      if (status == FutureStatus.CANCELLED) {
        return;
      }
      if (inline) {
        value = inlineValue;
        hasValue = true;
      }
      workers = holders;
      status = FutureStatus.FINISHED;
      toComplete = done;
    }
    toComplete.complete(this);
  }

  void erred(RemoteError e) {
    CompletableFuture<FutureState> toComplete;
    synchronized (this) {
      if (status == FutureStatus.CANCELLED) {
        return;
      }
      error = e;
      status = FutureStatus.ERROR;
      toComplete = done;
    }
    toComplete.complete(this);
  }

  /** Marks the key cancelled; false when it was already done. */
  boolean cancelled(String reason) {
    return cancel(reason, EnumSet.of(FutureStatus.FINISHED, FutureStatus.ERROR));
  }

  /**
   * This client cancelled the key (dask's {@code cancel}): the future becomes CANCELLED whatever
   * it was, dropping a value held here; false when it already was CANCELLED.
   */
  boolean cancelledByClient() {
    return cancel(KeyCancelled.CANCELLED, EnumSet.noneOf(FutureStatus.class));
  }

  /**
   * The cluster cancelled the key (its scheduler left, its data is lost beyond recovery): the
   * future becomes CANCELLED even if it had finished, since its value is gone; an error stays.
   */
  void cancelledByCluster(String reason) {
    cancel(reason, EnumSet.of(FutureStatus.ERROR));
  }

  /**
   * Makes the future CANCELLED for {@code reason}, dropping any value held here, unless it is
   * CANCELLED already or in one of the states that {@code stay}; true when it changed.
   */
  private boolean cancel(String reason, Set<FutureStatus> stay) {
    CompletableFuture<FutureState> toComplete;
    synchronized (this) {
      if (status == FutureStatus.CANCELLED || stay.contains(status)) {
        return false;
      }
      cancelReason = reason;
      status = FutureStatus.CANCELLED;
      value = null;
      hasValue = false;
      workers = List.of();
      toComplete = done;
    }
    toComplete.complete(this);
    return true;
  }

  void lost() {
    synchronized (this) {
      if (status != FutureStatus.FINISHED) {
        return;
      }
      status = FutureStatus.LOST;
      workers = List.of();
      if (done.isDone()) {
        done = new CompletableFuture<>();
      }
    }
  }

  synchronized FutureStatus status() {
    return status;
  }

  synchronized CompletableFuture<FutureState> done() {
    return done;
  }

  synchronized boolean hasValue() {
    return hasValue;
  }

  synchronized Object value() {
    return value;
  }

  synchronized List<String> workers() {
    return workers;
  }

  synchronized RemoteError error() {
    return error;
  }

  synchronized String cancelReason() {
    return cancelReason;
  }
}
