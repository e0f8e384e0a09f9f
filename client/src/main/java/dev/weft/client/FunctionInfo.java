package dev.weft.client;

import dev.weft.protocol.JdkSerializer;
import dev.weft.protocol.Payload;
import dev.weft.protocol.TaskFunction;
import dev.weft.protocol.UnserializableValueException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the client needs to know of a task function, computed once per function instance from
 * one serialization of its adapter: a display name (the method's name, or "lambda"), a token for
 * pure keys (the hash of those bytes) and the bytes themselves, which ship the function to
 * workers in other JVMs. Serializing it here is also what rejects an unshippable function at
 * submit. The bytes are a JDK serialization stream, which {@code Serializers.DEFAULT} reads as is.
 */
final class FunctionInfo {

  /** Per-instance cache; weak, so functions are not kept alive by it (the bytes do not refer to them). */
  private static final Map<Object, FunctionInfo> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

  /** The display name. */
  private final String name;
  /** The hash of {@link #wire}. */
  private final long token;
  /** The serialized adapter; never modified. */
  private final byte[] wire;

  private FunctionInfo(String name, long token, byte[] wire) {
    this.name = name;
    this.token = token;
    this.wire = wire;
  }

  /** The display name: the method's name, "lambda", or the class's name. */
  String name() {
    return name;
  }

  /** The token of the function for pure keys. */
  long token() {
    return token;
  }

  /** The info of {@code fn}, whose adapter is {@code call}, serializing {@code call} on first use. */
  static FunctionInfo of(Object fn, TaskFunction call) {
    FunctionInfo info = CACHE.get(fn);
    if (info == null) {
      byte[] bytes;
      try {
        bytes = JdkSerializer.INSTANCE.serialize(call);
      } catch (UnserializableValueException e) {
        throw new SerializationException("function " + fn.getClass().getName(), e.offendingClass(), e);
      }
      info = new FunctionInfo(nameOf(fn), Tokens.hash(bytes), bytes);
      CACHE.put(fn, info);
    }
    return info;
  }

  /**
   * The payload shipping {@code call}: between JVMs ({@code serialize}) with the bytes serialized
   * once per function instance, reused by every later task; in one JVM by reference.
   */
  Payload payload(TaskFunction call, boolean serialize) {
    return serialize ? Payload.of(call, wire) : Payload.of(call);
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
