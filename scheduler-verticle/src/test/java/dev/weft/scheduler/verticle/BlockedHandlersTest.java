package dev.weft.scheduler.verticle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Broadcast;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Query;
import dev.weft.protocol.QueryKind;
import dev.weft.protocol.UploadJar;
import dev.weft.scheduler.state.RejectedMessageException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blocked handlers refuse exactly their requests, with an error naming them. */
class BlockedHandlersTest {

  @Test
  void aBlockedHandlerIsRefusedByNameAndOthersPass() {
    BlockedHandlers blocked = new BlockedHandlers(List.of("run"));
    RejectedMessageException e = assertThrows(RejectedMessageException.class,
        () -> blocked.check(new Broadcast("c", Payload.ofBytes(new byte[] {1}))));
    assertEquals("blocked-handler", e.kind());
    assertEquals("\"run\" is blocked on this scheduler (blockedHandlers)", e.getMessage());
    blocked.check(new UploadJar("a.jar", Payload.ofBytes(new byte[] {1})));
    blocked.check(new Query(QueryKind.INFO, List.of()));
  }

  @Test
  void anUnknownHandlerNameIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BlockedHandlers(List.of("gather")));
    assertTrue(e.getMessage().startsWith("blockedHandlers: unknown handler \"gather\""), e.getMessage());
  }
}
