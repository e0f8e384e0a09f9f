package dev.weft.protocol;

/**
 * The one way a Weft component takes a message off the bus: the body is decoded here, inside the
 * guard (the event bus decodes lazily, when the handler asks), and a body that may come from
 * another JVM is checked field by field with {@link MessageCheck} before anything uses it.
 */
public final class Inbound {

  private Inbound() {}

  /**
   * The checked body of {@code envelope}; null after refusing it as malformed (counted and logged
   * by {@code rejections}, and answered with a failure if the sender asked). Messages of a
   * non-clustered Vert.x ({@code clustered} false) come from this JVM's components and are not
   * checked.
   */
  public static Message body(io.vertx.core.eventbus.Message<Message> envelope, boolean clustered, RejectionLog rejections) {
    try {
      Message body = envelope.body();
      if (clustered) {
        MessageCheck.check(body);
      }
      return body;
    } catch (RuntimeException e) {
      rejections.refuse(envelope, "malformed", String.valueOf(e.getMessage()));
      return null;
    }
  }
}
