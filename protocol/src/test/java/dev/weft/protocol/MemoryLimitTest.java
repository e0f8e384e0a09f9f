package dev.weft.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/** Memory limits read as dask's {@code parse_memory_limit} and {@code parse_bytes}, on a 16 GiB machine. */
class MemoryLimitTest {

  private static final long GIB = 1L << 30;
  private static final long MACHINE = 16 * GIB;

  private static long parse(String spec) {
    return MemoryLimit.parse(spec, MACHINE, 1);
  }

  @Test
  void noLimit() {
    assertEquals(0, parse(null));
    assertEquals(0, parse(""));
    assertEquals(0, parse("  "));
    assertEquals(0, parse("0"));
    assertEquals(0, parse("none"));
    assertEquals(0, parse("None"));
    assertEquals(0, parse("0GiB"));
  }

  @Test
  void autoDividesTheMachineAmongTheWorkers() {
    assertEquals(4 * GIB, MemoryLimit.parse("auto", MACHINE, 4));
    assertEquals(MACHINE, MemoryLimit.parse("auto", MACHINE, 1));
    assertEquals(MACHINE, MemoryLimit.parse("auto", MACHINE, 0), "at least one worker");
  }

  @Test
  void aNumberUpToOneIsAFractionOfTheMachineAboveOneBytes() {
    assertEquals(8 * GIB, parse("0.5"));
    assertEquals(MACHINE, parse("1"), "1 is the whole machine, as in dask");
    assertEquals(MACHINE, parse("1.0"));
    assertEquals(4 * GIB, parse(".25"));
    assertEquals(100, parse("100"));
    assertEquals(1_000_000_000L, parse("1e9"));
    assertEquals(100, parse("100.7"), "fractions of bytes are dropped");
  }

  @Test
  void sizesWithUnitsAsDasksParseBytes() {
    assertEquals(2147483648L, parse("2GiB"));
    assertEquals(2_000_000_000L, parse("2GB"));
    assertEquals(2_000_000_000L, parse("2 GB"));
    assertEquals(500_000_000L, parse("500MB"));
    assertEquals(5_000, parse("5kB"));
    assertEquals(5_000, parse("5KB"));
    assertEquals(5_400, parse("5.4 kB"));
    assertEquals(1_024, parse("1kiB"));
    assertEquals(3 * GIB / 2, parse("1.5GiB"));
    assertEquals(256L << 20, parse("256 mib"));
    assertEquals(100_000_000L, parse("100M"));
    assertEquals(3L << 20, parse("3Mi"));
    assertEquals(1_000_000_000L, parse("1e6 kB"));
    assertEquals(1_000_000L, parse("MB"), "a unit alone is one of it");
    assertEquals(7, parse("7B"));
    assertEquals(MACHINE, parse("16GiB"));
    assertEquals(1L << 40, MemoryLimit.parse("1TiB", 1L << 50, 1));
    assertEquals(1L << 50, MemoryLimit.parse("1PiB", 1L << 50, 1));
    assertEquals(1_000_000_000_000_000L, MemoryLimit.parse("1PB", 1L << 50, 1));
  }

  @Test
  void moreThanTheMachineIsCappedWithAWarning() {
    List<LogRecord> records;
    try (LogCapture capture = LogCapture.of(MemoryLimit.class.getName())) {
      assertEquals(MACHINE, parse("1000TB"));
      assertEquals(MACHINE, parse("17GiB"));
      assertEquals(MACHINE, parse("1e30"));
      records = capture.records();
    }
    assertEquals(3, records.size(), records.toString());
    LogRecord first = records.get(0);
    assertEquals(Level.WARNING, first.getLevel());
    String line = new SimpleFormatter().formatMessage(first);
    assertTrue(line.contains("\"1000TB\""), line);
    assertTrue(line.contains("909.49 TiB"), line);
    assertTrue(line.contains("system memory limit of 16.00 GiB"), line);
  }

  @Test
  void negativeOrUnreadableIsRefusedSayingWhatIsAccepted() {
    for (String bad : List.of("-1", "-0.5", "-2GiB", "lots", "5 foos", "2 GiBs", "1.2.3GB", "0x10", "inf", "1e999")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(bad), bad);
      String m = e.getMessage();
      assertTrue(m.startsWith("cannot read \"" + bad + "\" as a memory limit: "), m);
      assertTrue(m.contains("accepted: \"auto\""), m);
      assertTrue(m.contains("\"2GiB\""), m);
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("-1")).getMessage()
        .contains("must not be negative"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("5 foos")).getMessage()
        .contains("unknown unit \"foos\""));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("1.2.3GB")).getMessage()
        .contains("\"1.2.3\" is not a number"));
  }

  @Test
  void machineBytesIsThePhysicalMemory() {
    long machine = MemoryLimit.machineBytes();
    assertTrue(machine > 0, "machine memory " + machine);
    assertEquals(machine / 2, MemoryLimit.parse("0.5", machine, 1));
  }

  @Test
  void bytesAreFormattedAsDaskDoes() {
    assertEquals("100 B", MemoryLimit.format(100));
    assertEquals("0.98 kiB", MemoryLimit.format(1000));
    assertEquals("512.00 MiB", MemoryLimit.format(512L << 20));
    assertEquals("0.93 GiB", MemoryLimit.format(1_000_000_000L));
    assertEquals("7.45 GiB", MemoryLimit.format(8_000_000_000L));
    assertEquals("2.00 TiB", MemoryLimit.format(2L << 40));
  }
}
