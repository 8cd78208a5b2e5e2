package io.wshub.examples.war;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.jakarta.WsClient;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

/**
 * The built WAR, deployed as is into embedded Tomcat under {@code /chat}: the container's own scan
 * finds the adapter's drop-in, which finds {@link ChatDeployment}. Tomcat's embedding API is the
 * same in 10.1 and 11, so this very class also runs against Tomcat 11 (hub-jakarta-adapter/ee11).
 */
public class ChatWarTomcatIT {

  /** Tomcat logs through java.util.logging; kept here so the logger is not collected. */
  private static final Logger CATALINA = Logger.getLogger("org.apache.catalina");

  @Test
  void inTomcat() throws Exception {
    try (Deployment tomcat = tomcat()) {
      ChatWar.chat(tomcat.port());
    }
  }

  @Test
  void undeployingTheWarStopsItsHubAndTomcatFindsNoThreadLeftRunning() throws Exception {
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Handler recorder = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    CATALINA.addHandler(recorder);
    try (Deployment tomcat = tomcat()) {
      WsClient alice = WsClient.connect(URI.create("ws://127.0.0.1:" + tomcat.port() + "/chat/ws/1"));
      alice.send("{\"type\":1,\"receiver\":99,\"content\":\"anyone?\"}");
      assertThat(alice.nextFrame()).contains("not online");
      ClassLoader war = tomcat.context().getLoader().getClassLoader();
      assertThat(threadsOf(war)).as("the WAR's wshub threads while it runs").isNotEmpty();

      tomcat.tomcat().getHost().removeChild(tomcat.context()); // undeploys the WAR

      assertThat(alice.awaitClose()).as("the hub shut down").isEqualTo(1001);
      assertThat(threadsOf(war)).as("the WAR's wshub threads once it is undeployed").isEmpty();
    } finally {
      CATALINA.removeHandler(recorder);
    }
    // "The web application [chat] appears to have started a thread named [wshub-hub] but has failed to stop it."
    assertThat(warnings).extracting(LogRecord::getMessage).noneMatch(message -> message.contains("wshub"));
  }

  /** The WAR deployed in a running Tomcat. */
  record Deployment(Tomcat tomcat, Context context, int port) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  static Deployment tomcat() throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("chat-tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    tomcat.getHost().setAppBase(Files.createTempDirectory("chat-webapps").toString());
    Context context = tomcat.addWebapp("/chat", ChatWar.WAR.toAbsolutePath().toString());
    // One test class path holds both containers: keep Jetty's initializer out of Tomcat's way.
    context.setContainerSciFilter("org\\.eclipse\\.jetty\\..*");
    tomcat.start();
    return new Deployment(tomcat, context, connector.getLocalPort());
  }

  /** The live wshub threads started on behalf of the WAR: those with its class loader, as Tomcat tells them. */
  private static List<Thread> threadsOf(ClassLoader war) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("wshub-") && thread.getContextClassLoader() == war)
        .toList();
  }
}
