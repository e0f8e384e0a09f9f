package dev.weft.client;

import java.io.Serializable;

/**
 * A task function of 2 arguments. Serializable, so lambdas (capturing ones too) and method
 * references can be shipped to workers in other JVMs.
 */
@FunctionalInterface
public interface Fn2<A, B, R> extends Serializable {
  /** Computes the task's value. */
  R call(A a, B b) throws Exception;
}
