package io.wshub.examples.testing;

import io.wshub.core.Message;
import io.wshub.core.RoutingContext;
import io.wshub.core.RoutingRule;

/**
 * A message type of our own: "alice is typing", shown to the person she is writing to.
 *
 * <p>A client sends {@code {"type":9,"receiver":2}}; the receiver gets
 * {@code {"type":9,"sender":1,"receiver":2,"content":"typing"}}. Typing notices are fleeting:
 * there is no receipt, and a notice to someone offline is simply not delivered. A notice without
 * a receiver is a client bug and earns an error reply, as protocol v1 does for SEND.
 *
 * <p>Add it to a hub with {@code Hub.builder().route(TypingNotices.TYPE, new TypingNotices<>())}.
 *
 * @param <Id> the id type
 */
public final class TypingNotices<Id> implements RoutingRule<Id> {

  /** The message type: the first after protocol v1's own 0 to 8 (5 to 8 are rooms and presence). */
  public static final int TYPE = 9;

  /** The content every forwarded notice carries. */
  public static final String CONTENT = "typing";

  @Override
  public void route(Message<Id> message, RoutingContext<Id> context) {
    Id receiver = message.receiver();
    if (receiver == null) {
      context.replyError("a typing notice needs a \"receiver\"");
      return;
    }
    // A new message rather than the client's frame: whatever else the client wrote stays with it.
    context.send(receiver, Message.of(TYPE, context.sender(), receiver, CONTENT));
  }
}
