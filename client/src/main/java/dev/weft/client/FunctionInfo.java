package dev.weft.client;

import dev.weft.protocol.JdkSerializer;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.TaskFunction;
import dev.weft.protocol.UnserializableValueException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the client needs to know of a task function, computed once per function instance: a
 * display name (the method's name, or "lambda") and a token (hash of its serialized bytes) for
 * pure keys. Serializing it here is also what rejects an unshippable function at submit.
 */
record FunctionInfo(String name, long token) {

  /** Per-instance cache; weak, so functions are not kept alive by it. */
  private static final Map<Object, FunctionInfo> CACHE = Collections.synchronizedMap(new WeakHashMap<>());
  /** Wire form of each function's adapter, per function instance; bytes do not keep the function alive. */
  private static final Map<Object, byte[]> WIRE = Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * The payload shipping {@code call} (the adapter of {@code fn}). Between JVMs ({@code serialize})
   * the function is serialized once per instance and the bytes reused by every later task.
   */
  static Payload payload(Object fn, TaskFunction call, boolean serialize) {
    if (!serialize) {
      return Payload.of(call);
    }
    byte[] bytes = WIRE.get(fn);
    if (bytes == null) {
      try {
        bytes = Serializers.DEFAULT.serialize(call);
      } catch (UnserializableValueException e) {
        throw new SerializationException("function " + fn.getClass().getName(), e.offendingClass(), e);
      }
      WIRE.put(fn, bytes);
    }
    return Payload.of(call, bytes);
  }

  /** The info of {@code fn}, serializing it on first use. */
  static FunctionInfo of(Object fn) {
    FunctionInfo info = CACHE.get(fn);
    if (info == null) {
      byte[] bytes;
      try {
        bytes = JdkSerializer.INSTANCE.serialize(fn);
      } catch (UnserializableValueException e) {
        throw new SerializationException("function " + fn.getClass().getName(), e.offendingClass(), e);
      }
      info = new FunctionInfo(nameOf(fn), Tokens.hash(bytes));
      CACHE.put(fn, info);
    }
    return info;
  }

  /** The display name of {@code fn}: its method's name, "lambda", or its class's name. */
  static String nameOf(Object fn) {
    try {
      Method writeReplace = fn.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      if (writeReplace.invoke(fn) instanceof SerializedLambda lambda) {
        String method = lambda.getImplMethodName();
        return method.startsWith("lambda$") ? "lambda" : method;
      }
    } catch (ReflectiveOperationException | RuntimeException notALambda) {
      // a plain class implementing FnN: named after the class below
    }
    String simple = fn.getClass().getSimpleName();
    return simple.isEmpty() ? "task" : Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
  }
}
