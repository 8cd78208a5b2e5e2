package io.wshub.adversarial;

import io.wshub.core.Hub;
import io.wshub.core.HubBuilder;
import io.wshub.core.HubStats;
import io.wshub.jakarta.HubEndpoints;
import io.wshub.server.HubServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The two ways a hub meets the network, as the suite attacks them: wshub's own server (the stack
 * the example chat-server runs on) and the JSR-356 adapter in a container (embedded Jetty 12,
 * ee10), whose reading threads, writer threads and close path are the container's and the
 * adapter's instead.
 */
enum Stack {

  /** The chat-server's stack: {@code hub-server}'s event loops in front of the hub. */
  HUB_SERVER {
    @Override
    Served serve(HubBuilder<Long> builder, Duration handshakeTimeout, Events events) {
      Hub<Long> hub = builder.listener(events).build();
      try {
        HubServer server = HubServer.forHub(hub).host("127.0.0.1").port(0).handshakeTimeout(handshakeTimeout).start();
        return new Served(hub, events, server.port(), server::close);
      } catch (IOException e) {
        hub.close();
        throw new AssertionError("hub-server did not start", e);
      }
    }
  },

  /** The adapter in embedded Jetty 12 (ee10), deployed with {@code HubEndpoints.config(hub)}. */
  JETTY {
    @Override
    Served serve(HubBuilder<Long> builder, Duration handshakeTimeout, Events events) {
      Hub<Long> hub = builder.listener(events).build();
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      connector.setAcceptQueueSize(1024);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/");
      server.setHandler(context);
      JakartaWebSocketServletContainerInitializer.configure(context,
          (servletContext, container) -> container.addEndpoint(HubEndpoints.config(hub)));
      try {
        server.start();
      } catch (Exception e) {
        hub.close();
        throw new AssertionError("Jetty did not start", e);
      }
      return new Served(hub, events, connector.getLocalPort(), () -> {
        try {
          server.stop();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }
  };

  /** What the example chat-server sets beside protocol v1's defaults: frames up to 4 KiB. */
  static HubBuilder<Long> chat() {
    return Hub.builder().maxFrameBytes(4096);
  }

  /** Serves the hub {@code builder} makes, its listener {@code events}; hub-server drops a handshake not done within {@code handshakeTimeout}. */
  abstract Served serve(HubBuilder<Long> builder, Duration handshakeTimeout, Events events);

  Served serve(HubBuilder<Long> builder, Duration handshakeTimeout) {
    return serve(builder, handshakeTimeout, new Events());
  }

  Served serve(HubBuilder<Long> builder) {
    return serve(builder, Duration.ofSeconds(10));
  }

  /** A hub behind a server on a free port of 127.0.0.1. */
  static final class Served implements AutoCloseable {
    final Hub<Long> hub;
    final Events events;
    final int port;
    private final Runnable stop;

    Served(Hub<Long> hub, Events events, int port, Runnable stop) {
      this.hub = hub;
      this.events = events;
      this.port = port;
      this.stop = stop;
    }

    URI uri(long id) {
      return URI.create("ws://127.0.0.1:" + port + "/ws/" + id);
    }

    HubStats stats() {
      return Wire.await(hub.stats(), "the hub's stats");
    }

    @Override
    public void close() {
      hub.close();
      stop.run();
    }
  }
}
