package dev.weft.worker.verticle;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * One generation of the class loader a worker's tasks, arguments and results are loaded with: the
 * worker's own classpath plus the uploaded jars of that generation, most recently uploaded first
 * (so a jar uploaded later wins where two define the same class, as dask puts an uploaded file
 * first on {@code sys.path}). Its jars never change: a jar uploaded again with other bytes makes a
 * new generation ({@link UploadedJars}), and tasks started before keep this one.
 */
final class TaskClassLoader extends URLClassLoader {

  static {
    registerAsParallelCapable();
  }

  /** Which upload generation this loader is; 0 before any upload. */
  private final int generation;

  TaskClassLoader(String workerId, int generation, List<URL> jars, ClassLoader parent) {
    super("weft-tasks-" + workerId + "-" + generation, jars.toArray(new URL[0]), parent);
    this.generation = generation;
  }

  /** Which upload generation this loader is; 0 before any upload. */
  int generation() {
    return generation;
  }
}
