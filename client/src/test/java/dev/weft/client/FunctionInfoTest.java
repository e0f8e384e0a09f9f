package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Payload;
import dev.weft.protocol.Serializers;
import org.junit.jupiter.api.Test;

/** Functions are named and serialized once per instance. */
class FunctionInfoTest {

  @Test
  void aFunctionIsSerializedOncePerInstanceForEveryTaskThatShipsIt() throws Exception {
    Fn1<Integer, Integer> inc = Demo::inc;
    Payload first = FunctionInfo.payload(inc, new Calls.Call1<>(inc), true);
    Payload second = FunctionInfo.payload(inc, new Calls.Call1<>(inc), true);
    assertSame(first.bytes(Serializers.DEFAULT), second.bytes(Serializers.DEFAULT), "the same bytes, not a re-serialization");
    Object decoded = Payload.ofBytes(first.bytes(Serializers.DEFAULT)).value(Serializers.DEFAULT, getClass().getClassLoader());
    assertEquals(8, ((Calls.Call1<?, ?>) decoded).apply(new Object[] {7}));
    assertEquals("inc", FunctionInfo.of(inc).name());
  }

  @Test
  void inProcessPayloadsAreNeverSerialized() {
    Fn0<Object> notShippable = Object::new;
    Payload p = FunctionInfo.payload(notShippable, new Calls.Call0<>(notShippable), false);
    assertTrue(p.value() instanceof Calls.Call0<?>);
  }

  @Test
  void aFunctionCapturingSomethingUnserializableIsRejectedNamingIt() {
    Thread captured = Thread.currentThread();
    Fn0<String> bad = () -> captured.getName();
    SerializationException e = assertThrows(SerializationException.class,
        () -> FunctionInfo.payload(bad, new Calls.Call0<>(bad), true));
    assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
    assertThrows(SerializationException.class, () -> FunctionInfo.of(bad));
  }
}
