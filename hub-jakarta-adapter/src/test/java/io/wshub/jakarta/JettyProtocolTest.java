package io.wshub.jakarta;

import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The protocol over sockets in embedded Jetty 12 (ee10), the hub handed in with {@code addEndpoint}. */
class JettyProtocolTest extends ContainerProtocolTest {

  @Override
  String name() {
    return "Jetty " + org.eclipse.jetty.util.Jetty.VERSION + " ee10";
  }

  @Override
  WebSocketServer.Factory container() {
    return JettyProtocolTest::startJetty;
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
