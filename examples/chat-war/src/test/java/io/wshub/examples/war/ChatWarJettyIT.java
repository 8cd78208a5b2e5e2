package io.wshub.examples.war;

import java.nio.file.Files;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The built WAR, deployed as is into embedded Jetty 12 (ee10) under {@code /chat}: the container's
 * own scan finds the adapter's drop-in, which finds {@link ChatDeployment}.
 */
class ChatWarJettyIT {

  @Test
  void inJetty() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebAppContext webapp = new WebAppContext(ChatWar.WAR.toAbsolutePath().toString(), "/chat");
    webapp.setTempDirectory(Files.createTempDirectory("chat-jetty").toFile());
    // One test class path holds both containers: keep Tomcat's initializer out of Jetty's way.
    webapp.setAttribute("org.eclipse.jetty.containerInitializerExclusionPattern", "org\\.apache\\.tomcat\\..*");
    server.setHandler(webapp);
    server.start();
    try (ChatWar.Deployed jetty = new ChatWar.Deployed(connector.getLocalPort(), server::stop)) {
      ChatWar.chat(jetty.port());
    }
  }
}
