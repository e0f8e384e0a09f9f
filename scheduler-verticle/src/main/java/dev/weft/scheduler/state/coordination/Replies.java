package dev.weft.scheduler.state.coordination;

import dev.weft.protocol.CoordinationReply;
import dev.weft.protocol.SharedValue;
import java.util.List;

/** The answers of the coordination part. */
final class Replies {

  /** Done; or got what it waited for. */
  static final CoordinationReply OK = flag(true);
  /** Did not get what it waited for (timed out, or asked not to wait). */
  static final CoordinationReply NOT_YET = flag(false);

  private Replies() {}

  static CoordinationReply flag(boolean ok) {
    return new CoordinationReply("", ok, 0, List.of(), List.of());
  }

  static CoordinationReply error(String why) {
    return new CoordinationReply(why, false, 0, List.of(), List.of());
  }

  static CoordinationReply count(long n) {
    return new CoordinationReply("", true, n, List.of(), List.of());
  }

  static CoordinationReply values(List<SharedValue> values) {
    return new CoordinationReply("", true, values.size(), values, List.of());
  }

  static CoordinationReply names(List<String> names) {
    return new CoordinationReply("", true, names.size(), List.of(), names);
  }
}
