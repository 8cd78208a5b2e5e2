package io.wshub.jakarta;

import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;

/**
 * The adapter's protocol suite ({@link ContainerProtocolTest}, from its test-jar) over sockets in
 * embedded Jetty 12.1 (ee11, Jakarta WebSocket 2.2), the hub handed in with {@code addEndpoint}. As
 * {@code JettyProtocolTest} does for ee10: only the packages differ.
 */
class JettyEe11ProtocolTest extends ContainerProtocolTest {

  @Override
  String name() {
    return "Jetty " + Jetty.VERSION + " ee11";
  }

  @Override
  WebSocketServer.Factory container() {
    return JettyEe11ProtocolTest::startJetty;
  }

  static WebSocketServer startJetty(ServerEndpointConfig... endpoints) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    server.setHandler(context);
    JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
      for (ServerEndpointConfig endpoint : endpoints) {
        container.addEndpoint(endpoint);
      }
    });
    server.start();
    return new WebSocketServer() {
      @Override
      public int port() {
        return connector.getLocalPort();
      }

      @Override
      public void close() {
        try {
          server.stop();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
