package io.wshub.jakarta;

import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/** The protocol over sockets in Tyrus standalone (Grizzly), the hub handed in with {@code addEndpoint}. */
class TyrusProtocolTest extends ContainerProtocolTest {

  @Override
  String name() {
    return "Tyrus";
  }

  @Override
  WebSocketServer.Factory container() {
    return TyrusProtocolTest::startTyrus;
  }

  static WebSocketServer startTyrus(ServerEndpointConfig... endpoints) throws Exception {
    // Tyrus 2.1's Grizzly container listens on 0.0.0.0; it takes no bind address. Port 0: a free one.
    TyrusServerContainer container = (TyrusServerContainer) ServerContainerFactory.createServerContainer(Map.of());
    for (ServerEndpointConfig endpoint : endpoints) {
      container.addEndpoint(endpoint);
    }
    container.start("/", 0);
    return new WebSocketServer() {
      @Override
      public int port() {
        return container.getPort();
      }

      @Override
      public void close() {
        container.stop();
      }
    };
  }
}
