package io.wshub.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import io.wshub.core.Hub;
import io.wshub.core.HubConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The drop-in in a web application, in embedded Tomcat: {@link DropIn} handed to the context as
 * the container's scan of the WAR would, beside Tomcat's own WebSocket initializer, with the
 * context parameters a {@code web.xml} would give. Runs in Tomcat 10.1 here and in Tomcat 11 from
 * hub-jakarta-adapter/ee11.
 */
class DropInTest {

  /** Tomcat logs through java.util.logging; kept here so the logger is not collected. */
  private static final Logger CATALINA = Logger.getLogger("org.apache.catalina");

  private Tomcat tomcat;
  private Context context;
  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler recorder = new Handler() {
    @Override
    public synchronized void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private static volatile Hub<Long> deployedHub;

  @AfterEach
  void stop() throws LifecycleException {
    CATALINA.removeHandler(recorder);
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
    if (deployedHub != null) {
      deployedHub.close();
      deployedHub = null;
    }
  }

  @Test
  void aWarWithTheAdapterServesProtocolV1AtWsIdWithNoCode() throws Exception {
    start(getClass().getClassLoader(), Map.of());

    WsClient alice = WsClient.connect(ContainerProtocolTest.HTTP, uri("/ws/1"), Map.of());
    WsClient bob = WsClient.connect(ContainerProtocolTest.HTTP, uri("/ws/2"), Map.of());
    // No hub handle to wait on: bob is registered once a message to him is accepted.
    String hello = "{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hi\"}";
    String answer = alice.sendUntilOnline(hello);
    assertThat(answer).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":2,\"content\":\"success send\"}");
    assertThat(bob.nextFrame()).isEqualTo(hello);
    assertThat(hub().config().maxFrameBytes()).as("protocol v1's defaults").isEqualTo(512);
    alice.closeAndWait();
    bob.closeAndWait();
  }

  @Test
  void contextParametersConfigureTheHub() throws Exception {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("wshub.allowedOrigins", "https://chat.example, https://www.chat.example");
    params.put("wshub.maxFrameBytes", "64");
    params.put("wshub.duplicateIds", "REJECT_NEW");
    params.put("wshub.pingInterval", "4s");
    params.put("wshub.idleTimeout", "PT5S");
    params.put("wshub.writeTimeout", "2500ms");
    params.put("wshub.outboundQueueBytes", "65536");
    params.put("wshub.inboundQueue", "1024");
    params.put("wshub.path", "/chat/{id}");
    start(getClass().getClassLoader(), params);

    HubConfig<Long> config = hub().config();
    assertThat(config.maxFrameBytes()).isEqualTo(64);
    assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(4));
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.writeTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.outboundQueueBytes()).isEqualTo(65536);
    assertThat(config.inboundQueue()).isEqualTo(1024);

    Map<String, String> origin = Map.of("Origin", "https://www.chat.example");
    assertThat(WsClient.upgradeStatus(uri("/chat/1"), Map.of("Origin", "https://evil.example"))).isEqualTo(403);
    assertThat(WsClient.upgradeStatus(uri("/ws/1"), origin)).as("not at the default path").isEqualTo(404);
    WsClient alice = WsClient.connect(ContainerProtocolTest.HTTP, uri("/chat/1"), origin);
    alice.send("{\"type\":1,\"receiver\":9,\"content\":\"hi\"}");
    assertThat(alice.nextFrame()).contains("not online"); // alice is registered
    WsClient aliceAgain = WsClient.connect(ContainerProtocolTest.HTTP, uri("/chat/1"), origin);
    assertThat(aliceAgain.awaitClose()).as("REJECT_NEW").isEqualTo(CloseCodes.POLICY_VIOLATION);
    alice.send("{\"type\":1,\"receiver\":9,\"content\":\"" + "x".repeat(64) + "\"}");
    assertThat(alice.awaitClose()).as("over 64 bytes").isEqualTo(CloseCodes.TOO_BIG);
  }

  @Test
  void aValueTheDropInCannotUseFailsTheStartAndSaysWhich() throws Exception {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("wshub.maxFrameBytes", "lots");
    bad.put("wshub.duplicateIds", "KEEP_BOTH");
    bad.put("wshub.pingInterval", "9 seconds");
    bad.put("wshub.allowedOrigins", "chat.example");
    bad.put("wshub.path", "/ws");
    bad.put("wshub.maxFrameByte", "4096");
    List<String> said = new ArrayList<>();
    for (Map.Entry<String, String> param : bad.entrySet()) {
      logged.clear();
      start(getClass().getClassLoader(), Map.of(param.getKey(), param.getValue()));

      assertThat(context.getState().isAvailable()).as("%s started", param).isFalse();
      String message = thrown().orElseThrow(() -> new AssertionError("nothing logged for " + param));
      assertThat(message).as("what Tomcat logged for %s", param).contains(param.getKey());
      said.add(message);
      stop();
      tomcat = null;
    }
    assertThat(said).containsExactly(
        "context parameter wshub.maxFrameBytes = \"lots\": expected a whole number above 0",
        "context parameter wshub.duplicateIds = \"KEEP_BOTH\": expected one of [REPLACE, REJECT_NEW, MULTI]",
        "context parameter wshub.pingInterval = \"9 seconds\": expected a duration above 0, such as 9s, 500ms,"
            + " 2m or PT9S",
        "context parameter wshub.allowedOrigins = \"chat.example\": \"chat.example\" is not an origin: scheme,"
            + " host and port only, such as https://chat.example",
        "context parameter wshub.path = \"/ws\": path must start with / and have a {id} segment, such as"
            + " \"/ws/{id}\"; got \"/ws\"",
        "unknown context parameter wshub.maxFrameByte; the drop-in reads [wshub.allowedOrigins,"
            + " wshub.duplicateIds, wshub.idleTimeout, wshub.inboundQueue, wshub.maxFrameBytes,"
            + " wshub.outboundQueueBytes, wshub.path, wshub.pingInterval, wshub.shutdownDrain,"
            + " wshub.writeTimeout]");
  }

  @Test
  void optionsThatDisagreeFailTheStartAndSaySo() throws Exception {
    start(getClass().getClassLoader(), Map.of("wshub.pingInterval", "20s"));

    assertThat(context.getState().isAvailable()).isFalse();
    assertThat(thrown()).hasValueSatisfying(message -> assertThat(message)
        .startsWith("the context parameters [wshub.pingInterval] make no hub: pingInterval (PT20S) must be shorter"));
  }

  @Test
  void undeployingTheApplicationShutsItsHubDownAndLeavesNoThreadOfIt() throws Exception {
    start(getClass().getClassLoader(), Map.of());
    WsClient alice = WsClient.connect(ContainerProtocolTest.HTTP, uri("/ws/1"), Map.of());
    WsClient bob = WsClient.connect(ContainerProtocolTest.HTTP, uri("/ws/2"), Map.of());
    assertThat(alice.sendUntilOnline("{\"type\":1,\"receiver\":2,\"content\":\"hi\"}")).contains("success send");
    assertThat(bob.nextFrame()).contains("hi");
    ClassLoader application = context.getLoader().getClassLoader();
    List<Thread> ours = threadsOf(application);
    assertThat(ours).as("the application's wshub threads while it runs").isNotEmpty();

    tomcat.getHost().removeChild(context); // undeploys: stops and destroys the application

    assertThat(alice.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
    assertThat(bob.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
    assertThat(ours).as("threads still running once the application stopped").noneMatch(Thread::isAlive);
    assertThat(threadsOf(application)).isEmpty();
    assertThat(logged).extracting(LogRecord::getMessage).noneMatch(message -> message.contains("failed to stop"));
  }

  /** A WAR's own deployment, found through META-INF/services. */
  public static final class ChatDeployment implements HubDeployment {
    @Override
    public java.util.Set<ServerEndpointConfig> endpoints() {
      Hub<Long> hub = Hub.builder().build();
      deployedHub = hub;
      return java.util.Set.of(HubEndpoints.forHub(hub).path("/chat/{id}").build());
    }
  }

  @Test
  void aHubDeploymentReplacesTheDefaultAndIsShutDownWithTheApplication() throws Exception {
    start(warWithDeployment(), Map.of());

    assertThat(deployedHub).as("the deployment's hub was built").isNotNull();
    assertThat(context.getServletContext().getAttribute(DropIn.HUB_ATTRIBUTE)).as("no default hub").isNull();
    assertThat(WsClient.upgradeStatus(uri("/ws/1"), Map.of())).as("no default at /ws/{id}").isEqualTo(404);
    WsClient alice = WsClient.connect(ContainerProtocolTest.HTTP, uri("/chat/1"), Map.of());
    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"hi\"}");
    assertThat(alice.nextFrame()).contains("not online");
    assertThat(deployedHub.stats().get().connectionsAccepted()).isEqualTo(1);

    tomcat.getHost().removeChild(context);

    assertThat(alice.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
  }

  @Test
  void contextParametersBesideAHubDeploymentFailTheStart() throws Exception {
    start(warWithDeployment(), Map.of("wshub.maxFrameBytes", "4096"));

    assertThat(context.getState().isAvailable()).isFalse();
    assertThat(thrown()).hasValue("context parameter wshub.maxFrameBytes configures the drop-in's default hub, but"
        + " the HubDeployment " + ChatDeployment.class.getName() + " replaces it: configure that hub in its code,"
        + " or leave the HubDeployment out");
  }

  private ClassLoader warWithDeployment() throws Exception {
    Path classes = Files.createTempDirectory("wshub-war");
    Path services = classes.resolve("META-INF/services/" + HubDeployment.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, ChatDeployment.class.getName() + "\n", StandardCharsets.UTF_8);
    return new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
  }

  /**
   * Starts Tomcat with one web application at the root, whose class loader's parent is
   * {@code parent}, with these context parameters, as the container would start a WAR with the
   * adapter in it.
   */
  private void start(ClassLoader parent, Map<String, String> params) throws LifecycleException, java.io.IOException {
    CATALINA.addHandler(recorder);
    File base = Files.createTempDirectory("wshub-tomcat").toFile();
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.getPath());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    context = tomcat.addContext("", base.getPath());
    context.setParentClassLoader(parent);
    params.forEach(context::addParameter);
    Tomcat.addServlet(context, "default", new DefaultServlet());
    context.addServletMappingDecoded("/", "default");
    context.addServletContainerInitializer(new WsSci(), null);
    context.addServletContainerInitializer(new DropIn(), null);
    tomcat.start();
  }

  @SuppressWarnings("unchecked")
  private Hub<Long> hub() {
    return (Hub<Long>) context.getServletContext().getAttribute(DropIn.HUB_ATTRIBUTE);
  }

  /** The message of the exception Tomcat logged while starting the application, if any. */
  private synchronized java.util.Optional<String> thrown() {
    return logged.stream().filter(record -> record.getThrown() != null).map(record -> {
      Throwable cause = record.getThrown();
      while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
        cause = cause.getCause();
      }
      return cause.getMessage();
    }).findFirst();
  }

  /** The live wshub threads started on behalf of the application: those with its class loader. */
  private static List<Thread> threadsOf(ClassLoader application) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("wshub-") && thread.getContextClassLoader() == application)
        .toList();
  }

  private URI uri(String path) {
    return URI.create("ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path);
  }
}
