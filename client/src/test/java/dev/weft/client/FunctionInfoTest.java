package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Payload;
import dev.weft.protocol.Serializers;
import org.junit.jupiter.api.Test;

/** Functions are named and serialized once per instance: the bytes that ship are the bytes hashed. */
class FunctionInfoTest {

  @Test
  void aFunctionIsSerializedOncePerInstanceForItsTokenAndEveryTaskThatShipsIt() throws Exception {
    Fn1<Integer, Integer> inc = Demo::inc;
    FunctionInfo info = FunctionInfo.of(inc, new Calls.Call1<>(inc));
    Payload first = info.payload(new Calls.Call1<>(inc), true);
    Payload second = FunctionInfo.of(inc, new Calls.Call1<>(inc)).payload(new Calls.Call1<>(inc), true);
    byte[] shipped = first.bytes(Serializers.DEFAULT);
    assertSame(shipped, second.bytes(Serializers.DEFAULT), "the same bytes, not a re-serialization");
    assertEquals(Tokens.hash(shipped), info.token(), "the token hashes the bytes that ship");
    Object decoded = Payload.ofBytes(shipped).value(Serializers.DEFAULT, getClass().getClassLoader());
    assertEquals(8, ((Calls.Call1<?, ?>) decoded).apply(new Object[] {7}));
    assertEquals("inc", info.name());
  }

  @Test
  void equalFunctionsGetEqualTokensAndDifferentOnesDifferentTokens() {
    Fn1<Integer, Integer> inc = Demo::inc;
    Fn1<Integer, Integer> sameMethod = Demo::inc;
    Fn1<Integer, Integer> other = Demo::slow;
    long token = FunctionInfo.of(inc, new Calls.Call1<>(inc)).token();
    assertEquals(token, FunctionInfo.of(sameMethod, new Calls.Call1<>(sameMethod)).token());
    assertNotEquals(token, FunctionInfo.of(other, new Calls.Call1<>(other)).token());
  }

  @Test
  void inProcessPayloadsAreNotSerializedAgain() {
    Fn0<Object> fn = Object::new;
    Payload p = FunctionInfo.of(fn, new Calls.Call0<>(fn)).payload(new Calls.Call0<>(fn), false);
    assertTrue(p.value() instanceof Calls.Call0<?>);
  }

  @Test
  void aFunctionCapturingSomethingUnserializableIsRejectedNamingIt() {
    Thread captured = Thread.currentThread();
    Fn0<String> bad = () -> captured.getName();
    SerializationException e = assertThrows(SerializationException.class,
        () -> FunctionInfo.of(bad, new Calls.Call0<>(bad)));
    assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
  }
}
