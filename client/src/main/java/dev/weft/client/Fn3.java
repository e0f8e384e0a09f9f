package dev.weft.client;

import java.io.Serializable;

/**
 * A task function of 3 arguments. Serializable, so lambdas (capturing ones too) and method
 * references can be shipped to workers in other JVMs.
 */
@FunctionalInterface
public interface Fn3<A, B, C, R> extends Serializable {
  /** Computes the task's value. */
  R call(A a, B b, C c) throws Exception;
}
