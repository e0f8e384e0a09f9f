package dev.weft.client.coordination;

/** A coordination object known on the scheduler by one name (an event, a queue, a semaphore, a variable). */
abstract class Named extends Bound {

  private static final long serialVersionUID = 1L;

  /** The name the scheduler knows it by; checked at construction. */
  private final String name;

  /** The object called {@code name} (checked, named as a {@code what} in the error) reached through {@code channel}. */
  Named(SchedulerChannel channel, String name, String what) {
    super(channel);
    this.name = checkName(name, what);
  }

  /** Its name. */
  public String name() {
    return name;
  }
}
