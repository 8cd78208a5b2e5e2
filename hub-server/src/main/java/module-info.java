/**
 * wshub's own WebSocket server: serves a {@link io.wshub.core.Hub} over RFC 6455 on plain Java
 * NIO, without a servlet container, for services that are a hub and little else.
 *
 * <p>{@link io.wshub.server.HubServer} binds a port and serves the hub's path;
 * {@link io.wshub.server.Authenticator} decides who a connection is. Where the hub lives inside
 * a web application, use {@code io.wshub.jakarta} instead.
 */
module io.wshub.server {
  requires transitive io.wshub.core;

  exports io.wshub.server;
}
