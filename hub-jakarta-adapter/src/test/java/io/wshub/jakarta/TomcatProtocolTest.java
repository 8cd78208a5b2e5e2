package io.wshub.jakarta;

import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.File;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The protocol over sockets in embedded Tomcat 10.1, the hub handed in with {@code addEndpoint}
 * while the context starts, as a WAR's initializer would. Tomcat's embedding API is the same in
 * 11, so hub-jakarta-adapter/ee11 runs this very class (from the test-jar) in Tomcat 11.
 */
class TomcatProtocolTest extends ContainerProtocolTest {

  @Override
  String name() {
    return "Tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber();
  }

  @Override
  WebSocketServer.Factory container() {
    return TomcatProtocolTest::startTomcat;
  }

  static WebSocketServer startTomcat(ServerEndpointConfig... endpoints) throws Exception {
    return startTomcat(Set.of(), TomcatProtocolTest.class.getClassLoader(), endpoints);
  }

  /**
   * Starts Tomcat with one web application whose scan found {@code scanned} (as in a WAR), whose
   * class loader's parent is {@code parent}, and which adds {@code endpoints} as it starts.
   */
  static WebSocketServer startTomcat(Set<Class<?>> scanned, ClassLoader parent, ServerEndpointConfig... endpoints)
      throws Exception {
    File base = Files.createTempDirectory("wshub-tomcat").toFile();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.getPath());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.getPath());
    context.setParentClassLoader(parent);
    // Tomcat runs filters (WebSocket's upgrade filter among them) only for requests a servlet maps.
    Tomcat.addServlet(context, "default", new DefaultServlet());
    context.addServletMappingDecoded("/", "default");
    context.addServletContainerInitializer(new WsSci(), new HashSet<>(scanned));
    context.addServletContainerInitializer((classes, servletContext) -> {
      ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
      for (ServerEndpointConfig endpoint : endpoints) {
        try {
          container.addEndpoint(endpoint);
        } catch (jakarta.websocket.DeploymentException e) {
          throw new jakarta.servlet.ServletException(e);
        }
      }
    }, null);
    tomcat.start();
    return new WebSocketServer() {
      @Override
      public int port() {
        return connector.getLocalPort();
      }

      @Override
      public void close() {
        try {
          tomcat.stop();
          tomcat.destroy();
        } catch (LifecycleException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
