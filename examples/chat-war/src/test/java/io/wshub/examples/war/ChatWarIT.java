package io.wshub.examples.war;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.jakarta.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The built WAR, deployed as is into embedded Tomcat and embedded Jetty under {@code /chat}: the
 * container's own scan finds the adapter's drop-in, which finds {@link ChatDeployment}; the page
 * and the hub are served under the context path, and the hub speaks protocol v1 to the letter,
 * plus typing notices.
 */
class ChatWarIT {

  private static final Path WAR = Path.of(System.getProperty("chat.war", "target/chat.war"));

  /** A running container with the WAR deployed at /chat, and how to stop it. */
  private record Deployed(int port, AutoCloseable stop) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      stop.close();
    }
  }

  @Test
  void inTomcat() throws Exception {
    try (Deployed tomcat = tomcat()) {
      chat(tomcat.port());
    }
  }

  @Test
  void inJetty() throws Exception {
    try (Deployed jetty = jetty()) {
      chat(jetty.port());
    }
  }

  private static void chat(int port) throws IOException, InterruptedException {
    String base = "127.0.0.1:" + port + "/chat/";
    WsClient alice = WsClient.connect(URI.create("ws://" + base + "ws/1"));
    WsClient bob = WsClient.connect(URI.create("ws://" + base + "ws/2"));

    String hello = "{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hello i am ws1\"}";
    assertThat(alice.sendUntilOnline(hello)).isEqualTo(receipt(2, "success send"));
    assertThat(bob.nextFrame()).isEqualTo(hello);

    alice.send("{\"type\":1,\"receiver\":99,\"content\":\"anyone?\"}");
    assertThat(alice.nextFrame()).isEqualTo(receipt(99, "not online"));

    bob.send("{\"type\":5,\"receiver\":1}");
    assertThat(alice.nextFrame()).isEqualTo("{\"type\":5,\"sender\":2,\"receiver\":1,\"content\":\"typing\"}");

    bob.send("{\"type\":3,\"content\":\"hi all\"}");
    assertThat(alice.nextFrame()).isEqualTo("{\"sender\":2,\"type\":3,\"content\":\"hi all\"}");
    assertThat(bob.nextFrame()).isEqualTo("{\"sender\":2,\"type\":3,\"content\":\"hi all\"}");

    alice.send("{\"type\":42}");
    assertThat(alice.nextFrame()).isEqualTo(receipt(1, "error: unsupported message type 42"));

    WsClient nobody = WsClient.connect(URI.create("ws://" + base + "ws/abc"));
    assertThat(nobody.awaitClose()).isEqualTo(1008);

    alice.send("{\"type\":4}");
    assertThat(alice.awaitClose()).isEqualTo(1000);
    bob.closeAndWait();

    HttpResponse<String> page = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + base)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as("the chat page at the context root").isEqualTo(200);
    assertThat(page.body()).contains("<title>wshub chat</title>");
  }

  private static String receipt(long receiver, String content) {
    return "{\"type\":2,\"sender\":0,\"receiver\":" + receiver + ",\"content\":\"" + content + "\"}";
  }

  private static Deployed tomcat() throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("chat-tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    tomcat.getHost().setAppBase(Files.createTempDirectory("chat-webapps").toString());
    Context context = tomcat.addWebapp("/chat", WAR.toAbsolutePath().toString());
    // One test class path holds both containers: keep Jetty's initializer out of Tomcat's way.
    context.setContainerSciFilter("org\\.eclipse\\.jetty\\..*");
    tomcat.start();
    return new Deployed(connector.getLocalPort(), () -> {
      tomcat.stop();
      tomcat.destroy();
    });
  }

  private static Deployed jetty() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebAppContext webapp = new WebAppContext(WAR.toAbsolutePath().toString(), "/chat");
    webapp.setTempDirectory(Files.createTempDirectory("chat-jetty").toFile());
    // One test class path holds both containers: keep Tomcat's initializer out of Jetty's way.
    webapp.setAttribute("org.eclipse.jetty.containerInitializerExclusionPattern", "org\\.apache\\.tomcat\\..*");
    server.setHandler(webapp);
    server.start();
    return new Deployed(connector.getLocalPort(), server::stop);
  }
}
