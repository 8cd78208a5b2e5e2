package io.wshub.examples.war;

import java.nio.file.Files;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The built WAR, deployed as is into embedded Jetty 12.1 (ee11, Jakarta WebSocket 2.2) under
 * {@code /chat}, as {@code ChatWarJettyIT} does into ee10: only the package of
 * {@code WebAppContext} differs. The conversation is {@link ChatWar}'s, from chat-war's test-jar.
 */
class ChatWarJettyEe11Test {

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
