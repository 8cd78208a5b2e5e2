/**
 * wshub for Jakarta WebSocket: serves a {@link io.wshub.core.Hub} from any Jakarta WebSocket
 * 2.1+ (JSR-356) container, such as Tomcat 10.1+, Jetty 12 (ee10) or Tyrus 2.1.
 *
 * <p>{@link io.wshub.jakarta.HubEndpoints} makes the {@code ServerEndpointConfig} that binds a
 * hub to a path; {@link io.wshub.jakarta.Authenticator} decides who a connection is;
 * {@link io.wshub.jakarta.DropIn} serves a hub from a WAR with no code, configured by its context
 * parameters, for as long as the application runs.
 */
module io.wshub.jakarta {
  requires transitive io.wshub.core;
  requires transitive jakarta.websocket;
  // The drop-in's life cycle, in a WAR: the container has it; nothing else needs it.
  requires static jakarta.servlet;

  exports io.wshub.jakarta;

  uses io.wshub.jakarta.HubDeployment;
}
