package dev.weft.client;

import dev.weft.protocol.TaskFunction;

/** Adapters from the typed {@code Fn0…Fn5} to the worker's untyped {@link TaskFunction}. */
final class Calls {

  private Calls() {}

  /** Calls an {@link Fn0}. */
  record Call0<R>(Fn0<R> fn) implements TaskFunction {
    @Override
    public Object apply(Object[] a) throws Exception {
      return fn.call();
    }
  }

  /** Calls an {@link Fn1}. */
  @SuppressWarnings("unchecked")
  record Call1<A, R>(Fn1<A, R> fn) implements TaskFunction {
    @Override
    public Object apply(Object[] a) throws Exception {
      return fn.call((A) a[0]);
    }
  }

  /** Calls an {@link Fn2}. */
  @SuppressWarnings("unchecked")
  record Call2<A, B, R>(Fn2<A, B, R> fn) implements TaskFunction {
    @Override
    public Object apply(Object[] a) throws Exception {
      return fn.call((A) a[0], (B) a[1]);
    }
  }

  /** Calls an {@link Fn3}. */
  @SuppressWarnings("unchecked")
  record Call3<A, B, C, R>(Fn3<A, B, C, R> fn) implements TaskFunction {
    @Override
    public Object apply(Object[] a) throws Exception {
      return fn.call((A) a[0], (B) a[1], (C) a[2]);
    }
  }

  /** Calls an {@link Fn4}. */
  @SuppressWarnings("unchecked")
  record Call4<A, B, C, D, R>(Fn4<A, B, C, D, R> fn) implements TaskFunction {
    @Override
    public Object apply(Object[] a) throws Exception {
      return fn.call((A) a[0], (B) a[1], (C) a[2], (D) a[3]);
    }
  }

  /** Calls an {@link Fn5}. */
  @SuppressWarnings("unchecked")
  record Call5<A, B, C, D, E, R>(Fn5<A, B, C, D, E, R> fn) implements TaskFunction {
    @Override
    public Object apply(Object[] a) throws Exception {
      return fn.call((A) a[0], (B) a[1], (C) a[2], (D) a[3], (E) a[4]);
    }
  }
}
