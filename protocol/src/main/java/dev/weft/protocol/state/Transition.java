package dev.weft.protocol.state;

/** One edge of a transition table: a task may go from {@code from} to {@code to}. */
public record Transition<S extends Enum<S>>(S from, S to) {
  @Override
  public String toString() {
    return from + "->" + to;
  }
}
