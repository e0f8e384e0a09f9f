package dev.weft.protocol;

import java.io.Serializable;

/** The code of a task, as a worker calls it: the arguments in, the result out. */
@FunctionalInterface
public interface TaskFunction extends Serializable {

  /** Runs the task with its resolved arguments. */
  Object apply(Object[] args) throws Exception;
}
