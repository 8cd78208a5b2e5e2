package io.wshub.jakarta;

import io.undertow.Undertow;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.InetSocketAddress;

/**
 * The protocol over sockets in embedded Undertow 2.3 (its Jakarta WebSocket 2.1), the hub handed
 * in as a deployment's endpoint. Undertow runs message handlers on its I/O threads and calls a
 * batched send back only once the batch is flushed, unlike Tomcat and Jetty: the adapter must not
 * rely on either.
 */
class UndertowProtocolTest extends ContainerProtocolTest {

  @Override
  String name() {
    return "Undertow";
  }

  /** Undertow treats a refused origin as a request its WebSocket handshake does not match. */
  @Override
  int forbiddenOriginStatus() {
    return 404;
  }

  @Override
  WebSocketServer.Factory container() {
    return UndertowProtocolTest::startUndertow;
  }

  static WebSocketServer startUndertow(ServerEndpointConfig... endpoints) throws Exception {
    WebSocketDeploymentInfo webSockets = new WebSocketDeploymentInfo()
        .setBuffers(new DefaultByteBufferPool(false, 8192));
    for (ServerEndpointConfig endpoint : endpoints) {
      webSockets.addEndpoint(endpoint);
    }
    DeploymentInfo deployment = Servlets.deployment()
        .setClassLoader(UndertowProtocolTest.class.getClassLoader())
        .setContextPath("/")
        .setDeploymentName("hub")
        .addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, webSockets);
    DeploymentManager manager = Servlets.newContainer().addDeployment(deployment);
    manager.deploy();
    Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(manager.start()).build();
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    return new WebSocketServer() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public void close() {
        // The application first, while the server's threads can still finish its sessions'
        // closes: undeployed after server.stop(), it waited 10 s for each open one.
        try {
          manager.stop();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        manager.undeploy();
        server.stop();
      }
    };
  }
}
