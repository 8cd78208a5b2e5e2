package io.wshub.core;

/**
 * What happens to a message of one type. Rules are registered per type with
 * {@link HubBuilder#route(int, RoutingRule)}; {@link RoutingRules} has the protocol's own.
 *
 * <p>A rule runs on the hub's thread, alone: it may use the context freely but must not block.
 * An exception closes the sending connection with {@link CloseCodes#UNEXPECTED_CONDITION}.
 *
 * @param <Id> the id type
 */
@FunctionalInterface
public interface RoutingRule<Id> {

  /**
   * Routes one message.
   *
   * @param message the message; its sender is the id of the connection it came from
   * @param context what the rule can do; valid only during this call
   */
  void route(Message<Id> message, RoutingContext<Id> context);
}
