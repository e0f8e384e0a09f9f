package dev.weft.client.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JVM started by {@link WeftJvms}: its PID is the java process's own (the launching shell
 * {@code exec}s into it), its output (stdout and stderr) goes to {@link #logFile()}.
 */
public final class JvmProcess {

  private static final long POLL_MILLIS = 50;

  /** Role and ordinal, e.g. "worker-2"; never changes, names the log file. */
  private final String label;
  /** The child started by ProcessBuilder; its pid is the java process's once {@link #awaitJava} returned. */
  private final Process process;
  /** Where the process writes stdout and stderr; created when the process starts. */
  private final Path logFile;

  JvmProcess(String label, Process process, Path logFile) {
    this.label = label;
    this.process = process;
    this.logFile = logFile;
  }

  /** Role and ordinal, e.g. "scheduler-1", "worker-2", "java-1". */
  public String label() {
    return label;
  }

  /** The OS process id of the JVM (not of a wrapping shell). */
  public long pid() {
    return process.pid();
  }

  /** True until the process has exited. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The file the process's stdout and stderr go to. */
  public Path logFile() {
    return logFile;
  }

  /** The log as written so far. */
  public String log() {
    try {
      return new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * SIGKILLs the JVM by PID and waits (up to a minute) until it has exited; returns the instant
   * the signal was sent. A process already gone is not signalled again.
   */
  public Instant killHard() {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid());
    Instant at = Instant.now();
    handle.ifPresent(ProcessHandle::destroyForcibly);
    awaitExit(Duration.ofMinutes(1));
    return at;
  }

  /** Waits up to {@code timeout} for the process to exit and returns its exit code (137 after SIGKILL). */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(label + " (pid " + pid() + ") still running after " + timeout.toMillis() + " ms");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + label + " to exit", e);
    }
  }

  /**
   * Polls the log until {@code pattern} is found in it and returns the first match; fails when
   * {@code timeout} passes or the process exits without having written it.
   */
  public MatchResult awaitLog(Pattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean aliveBefore = process.isAlive();
      String text = log();
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return m.toMatchResult();
      }
      if (!aliveBefore) {
        throw new AssertionError(label + " exited with code " + process.exitValue() + " before logging /"
            + pattern + "/; log:\n" + tail(text));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(label + " did not log /" + pattern + "/ within " + timeout.toMillis()
            + " ms; log:\n" + tail(text));
      }
      pause();
    }
  }

  /** Waits until the exec chain (bash, bin/weft) has become java, so {@link #pid()} is the JVM's. */
  void awaitJava(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isJava(process.toHandle())) {
      if (!process.isAlive()) {
        throw new AssertionError(label + " exited with code " + process.exitValue() + " at start; log:\n" + tail(log()));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(label + " (pid " + pid() + ") is not java after " + timeout.toMillis() + " ms: "
            + process.toHandle().info().command().orElse("?"));
      }
      pause();
    }
  }

  /** Sends SIGTERM (if alive). */
  void terminate() {
    process.toHandle().destroy();
  }

  /** Waits until {@code deadlineNanos} for exit, then SIGKILLs and waits for the exit. */
  void endBy(long deadlineNanos) {
    try {
      long left = Math.max(0, deadlineNanos - System.nanoTime());
      if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.toHandle().destroyForcibly();
    }
  }

  /** True when {@code h} is alive and its executable is named java. */
  static boolean isJava(ProcessHandle h) {
    return h.isAlive() && h.info().command().map(c -> Path.of(c).getFileName().toString().equals("java")).orElse(false);
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling", e);
    }
  }

  @Override
  public String toString() {
    return label + " (pid " + pid() + ")";
  }
}
