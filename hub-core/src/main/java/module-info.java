/**
 * wshub core: a transport-agnostic messaging hub.
 *
 * <p>{@link io.wshub.core.Hub} routes protocol v1 messages between connections that a transport
 * (a JSR-356 container, or a test) hands it as {@link io.wshub.core.ClientPort}s. The package
 * {@code io.wshub.core.testing} is the test kit: the hub with virtual time and fake ports, for
 * unit tests without sockets.
 */
module io.wshub.core {
  requires com.fasterxml.jackson.core;

  exports io.wshub.core;
  exports io.wshub.core.testing;
}
