package dev.weft.scheduler.state.coordination;

import dev.weft.protocol.LoggedEvent;
import dev.weft.protocol.Reply;

/**
 * What the coordination part needs from the scheduler around it: the stimulus's time, a way to
 * answer requests (now or later) and to send subscribers their events, the scheduler's wants (so
 * that a queue, variable or dataset keeps the tasks of the futures it holds), and whether a client
 * is still heard from. Implemented by the scheduler state; effects are collected per stimulus.
 */
public interface CoordinationHost {

  /** Time of the current stimulus (the scheduler's clock, in milliseconds). */
  long now();

  /** Answers request {@code requestId} with {@code reply}. */
  void answer(long requestId, Reply reply);

  /** Request {@code requestId} will never be answered: its client is gone. */
  void forget(long requestId);

  /** Sends {@code event} to the subscribed client {@code clientId}. */
  void push(String clientId, LoggedEvent event);

  /** The pseudo-client {@code holder} keeps the task {@code key}; false when no task has that key. */
  boolean want(String holder, String key);

  /** The pseudo-client {@code holder} no longer keeps the task {@code key}. */
  void unwant(String holder, String key);

  /** True when client {@code clientId} is gone, or silent for longer than the lease timeout. */
  boolean silent(String clientId);
}
