package io.wshub.jakarta;

import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;

/**
 * What a WAR deploys instead of the drop-in's default hub ({@link DropIn}): your own hubs,
 * paths and handshakes. Implement it with a public no-argument constructor and name the class in
 * {@code META-INF/services/io.wshub.jakarta.HubDeployment}; an implementation that returns no
 * endpoints turns the drop-in off.
 *
 * <pre>{@code
 * public final class ChatDeployment implements HubDeployment {
 *   public Set<ServerEndpointConfig> endpoints() {
 *     Hub<String> hub = Hub.builder(IdCodec.strings()).maxFrameBytes(4096).build();
 *     return Set.of(HubEndpoints.forHub(hub).path("/chat/{id}").build());
 *   }
 * }
 * }</pre>
 *
 * <p>Called once per web application, when it starts. The hubs of the endpoints made with
 * {@link HubEndpoints} are shut down when it stops (drained for {@code wshub.shutdownDrain}, 1 s
 * unless the context parameter says otherwise), so a redeployed WAR leaves no thread behind.
 */
public interface HubDeployment {

  /**
   * The endpoints to deploy.
   *
   * @return the configurations, usually made with {@link HubEndpoints}; empty deploys nothing
   */
  Set<ServerEndpointConfig> endpoints();
}
