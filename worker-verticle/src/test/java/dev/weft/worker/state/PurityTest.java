package dev.weft.worker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.purity.PureStateCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's state machine stays pure: no Vert.x, no clock, no threads, no locks. */
class PurityTest {

  private static final Path STATE = Path.of("src/main/java/dev/weft/worker/state");

  @Test
  void theStatePackageUsesNoVertxClockThreadsOrLocks() {
    assertTrue(Files.isDirectory(STATE), STATE.toAbsolutePath().toString());
    assertEquals(List.of(), PureStateCheck.violations(STATE));
  }
}
