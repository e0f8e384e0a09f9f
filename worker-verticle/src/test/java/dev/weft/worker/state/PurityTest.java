package dev.weft.worker.state;

import dev.weft.protocol.purity.PureStateCheck;
import org.junit.jupiter.api.Test;

/** The worker's state machine and its value store stay pure: no Vert.x, no clock, no threads, no locks. */
class PurityTest {

  @Test
  void theStateAndStorePackagesUseNoVertxClockThreadsOrLocks() {
    PureStateCheck.assertPure("src/main/java/dev/weft/worker/state", "src/main/java/dev/weft/worker/store");
  }
}
