package io.wshub.spring;

import io.wshub.core.Hub;
import io.wshub.jakarta.Authenticator;
import io.wshub.jakarta.HubEndpoints;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Makes the adapter's endpoint configuration for the context's hub and handshake, for the
 * {@code ServerEndpointConfig} bean and for {@link HubServerEndpoint} alike, so both serve the same.
 */
final class WshubEndpoints {

  private final Hub<Object> hub;
  private final Authenticator<Object> authenticator;
  private final String[] origins;

  WshubEndpoints(Hub<Object> hub, Authenticator<Object> authenticator, WshubProperties properties) {
    this.hub = hub;
    this.authenticator = authenticator;
    this.origins = properties.allowedOrigins().toArray(String[]::new);
  }

  ServerEndpointConfig config(String path) {
    return HubEndpoints.forHub(hub).path(path).authenticator(authenticator).allowedOrigins(origins).build();
  }
}
