package io.wshub.benchmarks.load;

import io.wshub.core.Hub;
import io.wshub.core.HubBuilder;
import io.wshub.jakarta.HubEndpoints;
import io.wshub.redis.RedisBackplane;
import java.lang.System.Logger.Level;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A minimal protocol v1 server: a hub with the seed's defaults in embedded Jetty 12 (ee10),
 * through the Jakarta adapter. The load tool's stand-in target until the example chat-server
 * exists, and the in-process server of the load tool's tests.
 */
public final class BenchServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(BenchServer.class.getName());

  private final Server server;
  private final ServerConnector connector;
  private final Hub<Long> hub;

  private BenchServer(Server server, ServerConnector connector, Hub<Long> hub) {
    this.server = server;
    this.connector = connector;
    this.hub = hub;
  }

  /**
   * Starts serving {@code ws://host:port/ws/{id}}.
   *
   * @param host the address to listen on, such as 127.0.0.1
   * @param port the port, or 0 for a free one
   * @return the running server
   * @throws Exception when Jetty cannot start
   */
  public static BenchServer start(String host, int port) throws Exception {
    return start(host, port, Hub.builder());
  }

  /** As {@link #start(String, int)}, the hub built by {@code builder}: a test's faster heartbeat, say. */
  static BenchServer start(String host, int port, HubBuilder<Long> builder) throws Exception {
    Hub<Long> hub = builder.build();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    // Clients connect by the thousand; the JDK's default backlog of 50 would drop SYNs.
    connector.setAcceptQueueSize(1024);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    server.setHandler(context);
    JakartaWebSocketServletContainerInitializer.configure(context,
        (servletContext, container) -> container.addEndpoint(HubEndpoints.config(hub)));
    server.start();
    return new BenchServer(server, connector, hub);
  }

  /**
   * The port it listens on.
   *
   * @return the port
   */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    hub.close();
    server.stop();
  }

  /**
   * Runs until killed: {@code BenchServer [--port 8080] [--host 127.0.0.1] [--transport nio]
   * [--redis redis://127.0.0.1:6379] [--inbound-queue 4096]}. {@code --transport nio} serves the hub
   * on hub-server instead of Jetty; {@code --redis} makes it a node of the cluster of every hub
   * given that Redis (its backplane connects before the port opens, so a node that listens is in
   * the cluster).
   *
   * @param args the options above
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 8080;
    HubBuilder<Long> builder = Hub.builder();
    boolean nio = false;
    int loops = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--host" -> host = args[i + 1];
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--inbound-queue" -> builder.inboundQueue(Integer.parseInt(args[i + 1])); // for experiments
        case "--transport" -> nio = args[i + 1].equals("nio");
        case "--event-loops" -> loops = Integer.parseInt(args[i + 1]); // for experiments, with --transport nio
        case "--redis" -> builder.backplane(RedisBackplane.builder(args[i + 1]).build()); // a cluster's node
        case "--executor" -> {
          if (args[i + 1].equals("direct")) {
            builder.executor(Runnable::run); // for experiments: the telling thread drains
          }
        }
        default -> throw new IllegalArgumentException(
            "usage: BenchServer [--port N] [--host ADDRESS] [--transport nio] [--redis redis://HOST:PORT]"
                + " [--inbound-queue FRAMES] [--event-loops N] [--executor direct]");
      }
    }
    if (nio) {
      Hub<Long> hub = builder.build();
      io.wshub.server.HubServer server = io.wshub.server.HubServer.forHub(hub).host(host).port(port)
          .eventLoops(loops).start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> { // a cluster's node says goodbye to Redis
        hub.close();
        server.close();
      }));
      System.out.println("BenchServer (hub-server) listening on ws://" + host + ":" + server.port() + "/ws/{id}");
      Thread.currentThread().join();
      return;
    }
    BenchServer server = start(host, port, builder);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "stopping", e);
      }
    }));
    System.out.println("BenchServer listening on ws://" + host + ":" + server.port() + "/ws/{id}, pid "
        + ProcessHandle.current().pid());
    server.server.join();
  }
}
