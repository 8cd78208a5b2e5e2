package io.wshub.server;

import io.wshub.core.Hub;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Serves a {@link Hub} over WebSocket (RFC 6455) on plain Java NIO: no servlet container, a few
 * event-loop threads that read, and the hub's own thread that writes.
 *
 * <pre>{@code
 * Hub<Long> hub = Hub.builder().build();
 * HubServer server = HubServer.forHub(hub).port(8080).start();   // ws://HOST:8080/ws/{id}
 * ...
 * hub.shutdown(Duration.ofSeconds(5)).join();   // closes every client with 1001
 * server.close();
 * }</pre>
 *
 * <p>Each event loop owns a selector and the connections it accepted. It reads, parses frames,
 * checks them (masking, UTF-8, size, opcodes) and hands the hub their text. The hub's thread only
 * routes: at the end of each burst it hands each connection it sent to back to that connection's
 * loop, which writes every frame queued for it in one system call. A frame the socket cannot take
 * now waits until the socket drains, so the hub never waits on a socket. When the hub falls behind, the loops
 * wait for it (its inbound queue is bounded), and the clients' TCP windows fill: a flood pushes
 * back on whoever sends it.
 *
 * <p>It also serves files, for a page that goes with the hub: GET requests that are not
 * upgrades are answered from a folder on the class path ({@link Builder#staticFiles}), with
 * {@code Connection: close}; nothing else of HTTP. Where the hub lives in a web application,
 * serve it from the container with {@code io.wshub.jakarta} instead.
 */
public final class HubServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger("io.wshub.server");

  final Settings<?> settings;
  private final ServerSocketChannel listener;
  private final List<EventLoop> loops = new ArrayList<>();
  final ScheduledThreadPoolExecutor timer;
  private final int port;

  private HubServer(Settings<?> settings, ServerSocketChannel listener, ScheduledThreadPoolExecutor timer)
      throws IOException {
    this.settings = settings;
    this.listener = listener;
    this.timer = timer;
    this.port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
  }

  /**
   * A server for {@code hub}; nothing runs until {@link Builder#start()}.
   *
   * @param hub the hub to serve
   * @param <Id> its id type
   * @return the builder
   */
  public static <Id> Builder<Id> forHub(Hub<Id> hub) {
    return new Builder<>(Objects.requireNonNull(hub, "hub"));
  }

  /**
   * The port it listens on: the one asked for, or the free one it got for port 0.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Stops accepting and drops every connection at once, without close frames. The hub is the
   * caller's: shut it down first ({@code hub.shutdown(drain)}) to close clients with 1001 after
   * their queued frames.
   */
  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "wshub: closing the listening socket failed", e);
    }
    loops.forEach(EventLoop::stop);
    for (EventLoop loop : loops) {
      loop.join();
    }
    timer.shutdownNow();
  }

  /** What the loops need to know, fixed at start. */
  record Settings<Id>(Hub<Id> hub, String prefix, String suffix, Set<String> origins,
      Authenticator<Id> authenticator, String files, Duration handshakeTimeout,
      Map<String, Optional<byte[]>> fileCache) {

    /** A file under {@link #files} for a request path, or empty: read once, then kept. */
    Optional<byte[]> file(String path) {
      if (files == null || path.contains("/.") || path.contains("//") || path.contains("\\")
          || path.length() > 1 && path.endsWith("/")) {
        // No dot files, no way up, no directories: only the files themselves.
        return Optional.empty();
      }
      String name = path.equals("/") ? "/index.html" : path;
      Optional<byte[]> cached = fileCache.get(name);
      if (cached != null) {
        return cached;
      }
      Optional<byte[]> found;
      try (InputStream in = HubServer.class.getClassLoader().getResourceAsStream(files + name)) {
        found = in == null ? Optional.empty() : Optional.of(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (found.isPresent() || fileCache.size() < 1024) { // a scan of made-up names must not grow it
        fileCache.put(name, found);
      }
      return found;
    }
  }

  /**
   * How to serve a hub: where, at which path, for whom.
   *
   * @param <Id> the hub's id type
   */
  public static final class Builder<Id> {

    private final Hub<Id> hub;
    private String host;
    private int port = 8080;
    private String path = "/ws/{id}";
    private final List<String> origins = new ArrayList<>();
    private Authenticator<Id> authenticator = Authenticator.open();
    private String files;
    private int eventLoops = Runtime.getRuntime().availableProcessors();
    private Duration handshakeTimeout = Duration.ofSeconds(10);

    private Builder(Hub<Id> hub) {
      this.hub = hub;
    }

    /**
     * The address to listen on, such as {@code 127.0.0.1}; default every interface.
     *
     * @param host a host name or address
     * @return this builder
     */
    public Builder<Id> host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * The port; default 8080, 0 for any free one ({@link HubServer#port()} says which).
     *
     * @param port the port
     * @return this builder
     */
    public Builder<Id> port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The path clients connect to, with {@code {id}} as one whole segment; default {@code /ws/{id}}.
     *
     * @param path such as {@code /chat/{id}}
     * @return this builder
     */
    public Builder<Id> path(String path) {
      Objects.requireNonNull(path, "path");
      int at = path.indexOf("/{id}");
      if (!path.startsWith("/") || at < 0 || path.indexOf("{id}", at + 5) >= 0
          || !(path.length() == at + 5 || path.charAt(at + 5) == '/')) {
        throw new IllegalArgumentException("path must start with / and hold {id} once, as a whole segment: " + path);
      }
      this.path = path;
      return this;
    }

    /**
     * The origins browsers may connect from, such as {@code https://chat.example}, compared
     * without regard to case. Default: any origin, and requests without one (the seed's
     * behaviour); once any is given, a request from elsewhere, or without an {@code Origin}
     * header, gets 403.
     *
     * @param origins scheme, host and port, as browsers send them
     * @return this builder
     */
    public Builder<Id> allowedOrigins(String... origins) {
      for (String origin : origins) {
        this.origins.add(Objects.requireNonNull(origin, "origin").toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * Who decides who a connection is; default {@link Authenticator#open()}.
     *
     * @param authenticator the authenticator
     * @return this builder
     */
    public Builder<Id> authenticator(Authenticator<Id> authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /**
     * Serves GET requests that are not upgrades from this folder on the class path
     * ({@code /} is {@code index.html}); default none, and such requests get 404.
     *
     * @param folder such as {@code static}
     * @return this builder
     */
    public Builder<Id> staticFiles(String folder) {
      Objects.requireNonNull(folder, "folder");
      this.files = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
      return this;
    }

    /**
     * How many threads read; default one per core.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder<Id> eventLoops(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("eventLoops must be at least 1, got " + count);
      }
      this.eventLoops = count;
      return this;
    }

    /**
     * How long a client may take from connecting to finishing its upgrade request; default
     * 10 s. A client that takes longer is dropped (a slowloris holds nothing for long).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder<Id> handshakeTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("handshakeTimeout must be positive, got " + timeout);
      }
      this.handshakeTimeout = timeout;
      return this;
    }

    /**
     * Binds the port and starts serving.
     *
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public HubServer start() throws IOException {
      int at = path.indexOf("{id}");
      Settings<Id> settings = new Settings<>(hub, path.substring(0, at), path.substring(at + 4),
          Stream.of(origins.toArray(String[]::new)).collect(Collectors.toUnmodifiableSet()), authenticator, files,
          handshakeTimeout, new ConcurrentHashMap<>());
      ServerSocketChannel listener = ServerSocketChannel.open();
      ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "wshub-server-timer");
        thread.setDaemon(true);
        return thread;
      });
      timer.setRemoveOnCancelPolicy(true);
      try {
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        // Clients connect by the thousand; the JDK's default backlog of 50 would drop SYNs.
        listener.bind(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port), 1024);
        listener.configureBlocking(false);
        HubServer server = new HubServer(settings, listener, timer);
        for (int i = 0; i < eventLoops; i++) {
          server.loops.add(new EventLoop(server, listener, "wshub-server-" + i));
        }
        server.loops.forEach(EventLoop::start);
        return server;
      } catch (IOException | RuntimeException e) {
        listener.close();
        timer.shutdownNow();
        throw e;
      }
    }
  }
}
