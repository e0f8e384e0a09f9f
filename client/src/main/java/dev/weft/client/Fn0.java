package dev.weft.client;

import java.io.Serializable;

/**
 * A task function of 0 arguments. Serializable, so lambdas (capturing ones too) and method
 * references can be shipped to workers in other JVMs.
 */
@FunctionalInterface
public interface Fn0<R> extends Serializable {
  /** Computes the task's value. */
  R call() throws Exception;
}
