package dev.weft.scheduler.state.coordination;

import dev.weft.protocol.CoordinationReply;
import dev.weft.protocol.SharedValue;
import java.util.List;

/** The answers of the coordination part (public for the scheduler's tests, which expect them). */
public final class Replies {

  /** Done; or got what it waited for. */
  public static final CoordinationReply OK = flag(true);
  /** Did not get what it waited for (timed out, or asked not to wait). */
  public static final CoordinationReply NOT_YET = flag(false);

  private Replies() {}

  /** Got what it waited for, or not. */
  public static CoordinationReply flag(boolean ok) {
    return new CoordinationReply("", ok, 0, List.of(), List.of());
  }

  /** Failed, for {@code why}. */
  public static CoordinationReply error(String why) {
    return new CoordinationReply(why, false, 0, List.of(), List.of());
  }

  /** A number asked for. */
  public static CoordinationReply count(long n) {
    return new CoordinationReply("", true, n, List.of(), List.of());
  }

  /** Items or a value taken. */
  public static CoordinationReply values(List<SharedValue> values) {
    return new CoordinationReply("", true, values.size(), values, List.of());
  }

  /** Names listed. */
  public static CoordinationReply names(List<String> names) {
    return new CoordinationReply("", true, names.size(), List.of(), names);
  }
}
