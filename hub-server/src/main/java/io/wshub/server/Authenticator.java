package io.wshub.server;

import java.util.Optional;

/**
 * Decides who a connection is, during the upgrade, on the server's event loop: keep it quick
 * (check a token's signature, look it up in memory), never block on I/O.
 *
 * @param <Id> the hub's id type
 */
@FunctionalInterface
public interface Authenticator<Id> {

  /**
   * Decides who a connection is.
   *
   * @param pathId the id the client asked for in the path, already parsed and not the system id
   * @param request the upgrade request
   * @return the id to accept the connection as (usually {@code pathId}), or empty to refuse it,
   *     which closes it with 1008 right after the upgrade
   */
  Optional<Id> authenticate(Id pathId, Upgrade request);

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
