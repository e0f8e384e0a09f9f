package dev.weft.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Errors are shipped whole up to dask's max-error-length (10,000 characters), and cut beyond it. */
class RemoteErrorTest {

  @Test
  void aShortErrorTravelsWholeWithItsObject() {
    IllegalStateException e = new IllegalStateException("short");
    RemoteError r = RemoteError.of(e);
    assertEquals("short", r.message());
    assertEquals(e.getStackTrace().length, r.stack().size());
    assertSame(e, r.exception().value());
  }

  @Test
  void aLongMessageIsCutAtMaxErrorLengthAndTheObjectStaysBehind() {
    RemoteError r = RemoteError.of(new IllegalStateException("x".repeat(100_000)));
    assertEquals(RemoteError.MAX_ERROR_LENGTH, r.message().length());
    assertEquals(IllegalStateException.class.getName(), r.type());
    assertNull(r.exception(), "the object would carry the whole message");
  }

  @Test
  void aDeepStackKeepsItsFirstAndLastFramesWithinMaxErrorLength() {
    StackTraceElement[] trace = new StackTraceElement[3_000];
    for (int i = 0; i < trace.length; i++) {
      trace[i] = new StackTraceElement("dev.weft.Deep", "level" + i, "Deep.java", i);
    }
    StackOverflowError e = new StackOverflowError();
    e.setStackTrace(trace);
    RemoteError r = RemoteError.of(e);
    List<StackFrame> frames = r.stack();
    int printed = frames.stream().mapToInt(f -> 5 + f.toElement().toString().length()).sum();
    assertTrue(printed <= RemoteError.MAX_ERROR_LENGTH, "printed " + printed);
    assertTrue(frames.size() > 100 && frames.size() < trace.length, frames.size() + " frames");
    assertEquals(trace[0], frames.get(0).toElement());
    assertEquals(trace[trace.length - 1], frames.get(frames.size() - 1).toElement());
    assertNull(r.exception());
    assertNotNull(r.type());
  }
}
