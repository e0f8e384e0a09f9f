package dev.weft.client.state;

import dev.weft.client.FutureStatus;
import dev.weft.protocol.RemoteError;
import java.util.List;

/**
 * What a client knows of one key's result: its status and, as far as known, the value held here
 * (results forwarded inline, scattered data), the workers holding it, the error or why it was
 * cancelled. Immutable.
 *
 * @param status the status
 * @param hasValue true when {@code value} is the value (held by the client)
 * @param value the value when {@code hasValue}, else null
 * @param workers the workers holding the value, as last reported; empty unless finished
 * @param error the error when {@code status} is ERROR, else null
 * @param cancelReason why it was cancelled when {@code status} is CANCELLED, else null
 */
public record Outcome(FutureStatus status, boolean hasValue, Object value, List<String> workers,
    RemoteError error, String cancelReason) {

  /** Nothing known yet. */
  public static final Outcome PENDING = new Outcome(FutureStatus.PENDING, false, null, List.of(), null, null);

  /** Pending on the cluster, the value already held here (scattered data). */
  public static Outcome holding(Object value) {
    return new Outcome(FutureStatus.PENDING, true, value, List.of(), null, null);
  }

  /** Cancelled for {@code reason}; a value held here is dropped. */
  public static Outcome cancelled(String reason) {
    return new Outcome(FutureStatus.CANCELLED, false, null, List.of(), null, reason);
  }

  /** Failed with {@code error}. */
  public static Outcome erred(RemoteError error) {
    return new Outcome(FutureStatus.ERROR, false, null, List.of(), error, null);
  }

  /** Finished on {@code holders}, with {@code inline} as the value when {@code held}, else any value held already. */
  public Outcome finished(boolean held, Object inline, List<String> holders) {
    return new Outcome(FutureStatus.FINISHED, held || hasValue, held ? inline : value, List.copyOf(holders), null, null);
  }

  /** The value was lost with its workers and is being recomputed. */
  public Outcome lost() {
    return new Outcome(FutureStatus.LOST, hasValue, value, List.of(), null, null);
  }

  /** True once finished, erred or cancelled. */
  public boolean done() {
    return status == FutureStatus.FINISHED || status == FutureStatus.ERROR || status == FutureStatus.CANCELLED;
  }
}
