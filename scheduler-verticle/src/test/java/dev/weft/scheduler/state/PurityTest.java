package dev.weft.scheduler.state;

import dev.weft.protocol.purity.PureStateCheck;
import org.junit.jupiter.api.Test;

/** The scheduler's state machine stays pure: no Vert.x, no clock, no threads, no locks. */
class PurityTest {

  @Test
  void theStatePackageUsesNoVertxClockThreadsOrLocks() {
    PureStateCheck.assertPure("src/main/java/dev/weft/scheduler/state");
  }
}
