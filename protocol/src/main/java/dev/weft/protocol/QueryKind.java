package dev.weft.protocol;

/** What a {@link Query} asks the scheduler for. */
public enum QueryKind {
  /** Key → names of the workers holding it ({@link Locations}). */
  WHO_HAS,
  /** Worker name → keys it holds ({@link Locations}). */
  HAS_WHAT,
  /** Workers, threads and task counts ({@link SchedulerSnapshot}). */
  INFO,
  /** The logged transitions of the first of the keys ({@link Story}). */
  STORY,
  /** How many workers the work in sight asks for, and which may close ({@link AdaptiveTarget}). */
  ADAPTIVE_TARGET
}
