package dev.weft.client;

import java.io.Serializable;

/**
 * A task function of 1 argument. Serializable, so lambdas (capturing ones too) and method
 * references can be shipped to workers in other JVMs.
 */
@FunctionalInterface
public interface Fn1<A, R> extends Serializable {
  /** Computes the task's value. */
  R call(A a) throws Exception;
}
