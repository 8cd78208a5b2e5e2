package io.wshub.examples.war;

import io.wshub.core.Hub;
import io.wshub.examples.testing.TypingNotices;
import io.wshub.jakarta.HubDeployment;
import io.wshub.jakarta.HubEndpoints;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;

/**
 * The WAR's hub: protocol v1 at {@code /ws/{id}} under the WAR's context path, plus typing
 * notices, with frames up to 4096 bytes. The container finds the adapter's drop-in by scanning the WAR, and the drop-in finds
 * this class through {@code META-INF/services/io.wshub.jakarta.HubDeployment}.
 */
public final class ChatDeployment implements HubDeployment {

  /** Made by the drop-in, once per deployment of the WAR. */
  public ChatDeployment() {}

  @Override
  public Set<ServerEndpointConfig> endpoints() {
    Hub<Long> hub = Hub.builder()
        .maxFrameBytes(4096) // as the chat page and chat-server: people type more than 512 bytes
        .route(TypingNotices.TYPE, new TypingNotices<>())
        .build();
    return Set.of(HubEndpoints.config(hub));
  }
}
