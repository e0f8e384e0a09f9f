package dev.weft.protocol.purity;

import dev.weft.protocol.purity.PureStateCheck;
import org.junit.jupiter.api.Test;

/** The shared transition engine stays pure: no Vert.x, no clock, no threads, no locks. */
class ProtocolPurityTest {

  @Test
  void theStatePackageUsesNoVertxClockThreadsOrLocks() {
    PureStateCheck.assertPure("src/main/java/dev/weft/protocol/state");
  }
}
