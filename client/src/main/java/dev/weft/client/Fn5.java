package dev.weft.client;

import java.io.Serializable;

/**
 * A task function of 5 arguments. Serializable, so lambdas (capturing ones too) and method
 * references can be shipped to workers in other JVMs.
 */
@FunctionalInterface
public interface Fn5<A, B, C, D, E, R> extends Serializable {
  /** Computes the task's value. */
  R call(A a, B b, C c, D d, E e) throws Exception;
}
