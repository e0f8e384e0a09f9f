package dev.weft.client.state;

import dev.weft.protocol.purity.PureStateCheck;
import org.junit.jupiter.api.Test;

/** The client's state machine stays pure: no Vert.x, no clock, no threads, no locks. */
class PurityTest {

  @Test
  void theStatePackageUsesNoVertxClockThreadsOrLocks() {
    PureStateCheck.assertPure("src/main/java/dev/weft/client/state");
  }
}
