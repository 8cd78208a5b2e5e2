package io.wshub.jakarta;

import jakarta.websocket.server.HandshakeRequest;
import java.util.Optional;

/**
 * Decides, at the WebSocket handshake, which id a connection is accepted as, or rejects it. A
 * rejected connection is closed with 1008 right after the upgrade and never reaches the hub.
 *
 * <p>The request gives the query string ({@link HandshakeRequest#getParameterMap()},
 * {@link HandshakeRequest#getQueryString()}), the headers ({@link HandshakeRequest#getHeaders()},
 * cookies included under {@code Cookie}, the offered subprotocols under
 * {@code Sec-WebSocket-Protocol}) and the container's user principal, if any.
 *
 * <p>Called on the container's thread, once per handshake, possibly for many handshakes at once:
 * implementations must be thread-safe and should be quick. An exception rejects the connection;
 * it is logged without the request, so tokens never reach the log.
 *
 * @param <Id> the id type
 */
@FunctionalInterface
public interface Authenticator<Id> {

  /**
   * Decides who a connection is.
   *
   * @param pathId the id the client asked for in the path, already parsed and not the system id
   * @param request the handshake request
   * @return the id to accept the connection as (usually {@code pathId}), or empty to reject it
   */
  Optional<Id> authenticate(Id pathId, HandshakeRequest request);

  /**
   * The seed's behaviour, the default: every client is who its path says it is. Anybody can
   * connect as anybody; use it only behind something else that authenticates.
   *
   * @param <Id> the id type
   * @return the authenticator that accepts the path's id
   */
  static <Id> Authenticator<Id> open() {
    return (pathId, request) -> Optional.of(pathId);
  }
}
