package io.wshub.jakarta;

import static io.wshub.core.readme.ReadmeSnippets.fenced;
import static io.wshub.core.readme.ReadmeSnippets.readme;
import static io.wshub.core.readme.ReadmeSnippets.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.DuplicateIdPolicy;
import io.wshub.core.Hub;
import io.wshub.core.HubConfig;
import io.wshub.core.IdCodec;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's WAR snippets, deployed for real as WARs (a directory with a {@code web.xml}) in
 * embedded Tomcat, whose own scan finds the drop-in: the context parameters, and authentication
 * with the container's login.
 */
class ReadmeWarSnippetsTest {

  private static final Path SOURCE = Path.of("src/test/java/io/wshub/jakarta/ReadmeWarSnippetsTest.java");
  private static final String WEB_XML = "dropin-web.xml";

  private Tomcat tomcat;

  @AfterEach
  void stop() throws LifecycleException {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  @Test
  void theReadmeShowsTheSnippetsAsTheseTestsHaveThem() throws IOException {
    assertThat(readme()).contains(fenced("xml", webXml()));
    assertThat(readme()).contains(fenced("java", region(SOURCE, "war-auth")));
  }

  @Test
  void theReadmesWebXmlConfiguresTheDropIn() throws Exception {
    Context context = deploy(webXml(), null);

    @SuppressWarnings("unchecked")
    Hub<Long> hub = (Hub<Long>) context.getServletContext().getAttribute(DropIn.HUB_ATTRIBUTE);
    HubConfig<Long> config = hub.config();
    assertThat(config.maxFrameBytes()).isEqualTo(4096);
    assertThat(config.duplicateIds()).isEqualTo(DuplicateIdPolicy.MULTI);
    assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(25));
    assertThat(WsClient.upgradeStatus(uri("/ws/1"), Map.of("Origin", "https://evil.example"))).isEqualTo(403);
    WsClient alice = WsClient.connect(ContainerProtocolTest.HTTP, uri("/ws/1"), Map.of("Origin", "https://chat.example"));
    alice.send("{\"type\":1,\"receiver\":9,\"content\":\"" + "x".repeat(3000) + "\"}");
    assertThat(alice.nextFrame()).contains("not online");
    alice.closeAndWait();
  }

  // README:war-auth:begin
  public static final class SignedInChat implements HubDeployment {
    @Override
    public Set<ServerEndpointConfig> endpoints() {
      Hub<String> hub = Hub.builder(IdCodec.strings()).build();
      return Set.of(HubEndpoints.forHub(hub)
          .allowedOrigins("https://chat.example")
          .authenticator((pathId, request) -> {   // /ws/alice only for the user alice
            Principal user = request.getUserPrincipal();
            return user != null && user.getName().equals(pathId) ? Optional.of(pathId) : Optional.empty();
          })
          .build());
    }
  }
  // README:war-auth:end

  @Test
  void aWarWithTheContainersLoginConnectsEachUserAsThemselvesOnly() throws Exception {
    String webXml = """
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
          <security-constraint>
            <web-resource-collection>
              <web-resource-name>chat</web-resource-name>
              <url-pattern>/ws/*</url-pattern>
            </web-resource-collection>
            <auth-constraint><role-name>chat</role-name></auth-constraint>
          </security-constraint>
          <login-config><auth-method>BASIC</auth-method></login-config>
          <security-role><role-name>chat</role-name></security-role>
        </web-app>
        """;
    deploy(webXml, SignedInChat.class);
    tomcat.addUser("alice", "alice's secret");
    tomcat.addRole("alice", "chat");
    Map<String, String> signedIn = Map.of("Origin", "https://chat.example",
        "Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:alice's secret".getBytes(StandardCharsets.UTF_8)));

    assertThat(WsClient.upgradeStatus(uri("/ws/alice"), Map.of("Origin", "https://chat.example")))
        .as("not signed in").isEqualTo(401);
    WsClient asBob = WsClient.connect(ContainerProtocolTest.HTTP, uri("/ws/bob"), signedIn);
    assertThat(asBob.awaitClose()).as("alice as bob").isEqualTo(1008);
    WsClient alice = WsClient.connect(ContainerProtocolTest.HTTP, uri("/ws/alice"), signedIn);
    alice.send("{\"type\":1,\"receiver\":\"bob\",\"content\":\"hi\"}");
    assertThat(alice.nextFrame()).isEqualTo("{\"type\":2,\"sender\":\"0\",\"receiver\":\"bob\",\"content\":\"not online\"}");
    alice.closeAndWait();
  }

  private static String webXml() throws IOException {
    try (InputStream in = ReadmeWarSnippetsTest.class.getResourceAsStream(WEB_XML)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Deploys a WAR directory with this web.xml (and a HubDeployment, if given) at the root. */
  private Context deploy(String webXml, Class<? extends HubDeployment> deployment) throws Exception {
    Path war = Files.createTempDirectory("wshub-war");
    Files.createDirectories(war.resolve("WEB-INF/classes/META-INF/services"));
    Files.writeString(war.resolve("WEB-INF/web.xml"), webXml);
    if (deployment != null) {
      Files.writeString(war.resolve("WEB-INF/classes/META-INF/services/" + HubDeployment.class.getName()),
          deployment.getName() + "\n");
    }
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("wshub-tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addWebapp("", war.toString());
    // The test class path holds Jetty too: keep its initializer out of Tomcat's way, and Tyrus's
    // ServerApplicationConfig out of the scan (a WAR's own jars are all that is scanned in a real one).
    context.setContainerSciFilter("org\\.eclipse\\.jetty\\..*");
    ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
    tomcat.start();
    assertThat(context.getState().isAvailable()).as("the WAR started").isTrue();
    return context;
  }

  private URI uri(String path) {
    return URI.create("ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path);
  }
}
