package dev.weft.scheduler.verticle;

import dev.weft.protocol.Broadcast;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.UploadJar;
import dev.weft.scheduler.state.RejectedMessageException;
import java.util.List;
import java.util.Set;

/**
 * The scheduler operations that can be refused (dask's {@code blocked_handlers}): "run"
 * ({@code Client.run}, code run on every worker) and "uploadJar" ({@code Client.uploadJar}, code
 * loaded by every worker). A refused request fails with
 * {@code blocked-handler: "run" is blocked on this scheduler (blockedHandlers)}.
 */
public final class BlockedHandlers {

  /** The handlers that can be blocked. */
  public static final List<String> NAMES = List.of("run", "uploadJar");

  /** The blocked handlers; a subset of {@link #NAMES}. */
  private final Set<String> blocked;

  /** Blocks {@code names}; an unknown name is an error listing the known ones. */
  public BlockedHandlers(List<String> names) {
    for (String n : names) {
      if (!NAMES.contains(n)) {
        throw new IllegalArgumentException("blockedHandlers: unknown handler \"" + n + "\"; known: " + NAMES);
      }
    }
    this.blocked = Set.copyOf(names);
  }

  /** Throws {@link RejectedMessageException} ("blocked-handler") when {@code m} asks for a blocked handler. */
  void check(ToScheduler m) {
    String handler = m instanceof Broadcast ? "run" : m instanceof UploadJar ? "uploadJar" : null;
    if (handler != null && blocked.contains(handler)) {
      throw new RejectedMessageException("blocked-handler", "\"" + handler + "\" is blocked on this scheduler (blockedHandlers)");
    }
  }

  @Override
  public String toString() {
    return blocked.isEmpty() ? "none" : blocked.toString();
  }
}
