package io.wshub.examples.chat;

import io.wshub.core.Hub;
import io.wshub.core.HubBuilder;
import io.wshub.core.HubListener;
import io.wshub.redis.RedisBackplane;
import io.wshub.server.HubServer;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The chat: a {@link Hub} speaking protocol v1 at {@code /ws/{id}} and its page
 * ({@code static/index.html} on the class path) at {@code /}, on one port, served by wshub's own
 * server, {@link HubServer} (no servlet container: the fastest way to run a hub that is the
 * whole service; {@code examples/chat-war} is the same chat in a container).
 *
 * <pre>{@code
 * ChatServer chat = ChatServer.start("127.0.0.1", 0);   // 0: any free port
 * URI page = chat.uri();                                // http://127.0.0.1:PORT/
 * chat.hub().broadcast(...);                            // the server can speak too
 * chat.stop();                                          // clients get 1001
 * }</pre>
 *
 * <p>Each instance owns its own hub and server; nothing is shared between instances.
 */
public final class ChatServer implements AutoCloseable {

  /** How long queued messages get to reach their clients when the server stops. */
  static final Duration DRAIN = Duration.ofSeconds(3);

  /**
   * The largest frame a client may send. The protocol's default (512 bytes, the seed's) is
   * tight for people typing; the page refuses to send more than this itself.
   */
  static final int MAX_FRAME_BYTES = 4096;

  private static final Logger LOG = System.getLogger(ChatServer.class.getName());

  private final HubServer server;
  private final Hub<Long> hub;
  private final PresenceLog presence;
  private final int port;
  private final URI uri;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CountDownLatch ended = new CountDownLatch(1);

  private ChatServer(HubServer server, String host, Hub<Long> hub, PresenceLog presence) {
    this.server = server;
    this.hub = hub;
    this.presence = presence;
    this.port = server.port();
    this.uri = pageUri(host, port);
  }

  private static URI pageUri(String host, int port) {
    String reachable = host;
    try {
      InetAddress address = InetAddress.getByName(host);
      if (address.isAnyLocalAddress()) {
        reachable = address instanceof Inet6Address ? "::1" : "127.0.0.1";
      }
    } catch (UnknownHostException e) {
      // It resolved a moment ago when the server bound it; keep the name as given.
    }
    if (reachable.contains(":")) {
      reachable = "[" + reachable + "]"; // an IPv6 literal
    }
    return URI.create("http://" + reachable + ":" + port + "/");
  }

  /**
   * Starts a chat listening on {@code host:port}.
   *
   * @param host the address to listen on, such as {@code "127.0.0.1"} (this machine only) or
   *     {@code "0.0.0.0"} (every interface)
   * @param port the TCP port, or 0 for any free one (see {@link #port()})
   * @return the running chat
   * @throws IOException if it cannot listen there (the port is taken, the address is not local)
   */
  public static ChatServer start(String host, int port) throws IOException {
    return start(host, port, 0);
  }

  /**
   * Starts a chat listening on {@code host:port} whose clients may each send at most
   * {@code rateLimit} messages a second (in bursts of as many); over it they get an error reply,
   * and after 3 s of it they are closed with 1008.
   *
   * @param host the address to listen on
   * @param port the TCP port, or 0 for any free one
   * @param rateLimit messages a second per connection, or 0 for no limit
   * @return the running chat
   * @throws IOException if it cannot listen there
   */
  public static ChatServer start(String host, int port, int rateLimit) throws IOException {
    return start(host, port, rateLimit, null);
  }

  /**
   * Starts a chat that is one node of a cluster: every chat started with the same Redis serves
   * one chat, whoever connects where (see {@code hub-redis}). A chat that cannot reach Redis now
   * serves its own clients meanwhile, and joins the cluster when Redis answers.
   *
   * @param host the address to listen on
   * @param port the TCP port, or 0 for any free one
   * @param rateLimit messages a second per connection, or 0 for no limit
   * @param redis the Redis the cluster shares, such as {@code redis://127.0.0.1:6379}, or
   *     {@code null} for a chat alone
   * @return the running chat
   * @throws IOException if it cannot listen there
   */
  public static ChatServer start(String host, int port, int rateLimit, String redis) throws IOException {
    PresenceLog presence = new PresenceLog();
    HubBuilder<Long> builder = Hub.builder()
        .maxFrameBytes(MAX_FRAME_BYTES)
        .listener(presence);
    if (rateLimit > 0) {
      builder.rateLimit(rateLimit);
    }
    if (redis != null) {
      builder.backplane(RedisBackplane.builder(redis).build());
    }
    Hub<Long> hub = builder.build();
    HubServer server;
    try {
      server = HubServer.forHub(hub)
          .host(host)
          .port(port)
          // The page is a class path resource, so the same code serves it from target/classes
          // and from inside the executable jar.
          .staticFiles("static")
          .start();
    } catch (IOException | RuntimeException e) {
      hub.close();
      presence.close();
      throw e;
    }
    ChatServer chat = new ChatServer(server, host, hub, presence);
    LOG.log(Level.INFO, "chat at {0}, hub at ws://{1}/ws/'{id}'", chat.uri(), chat.uri().getRawAuthority());
    if (!InetAddress.getByName(host).isLoopbackAddress()) {
      LOG.log(Level.WARNING, "listening on {0}, beyond this machine: the chat has no authentication, "
          + "so anyone who can reach it can connect as any id and read that id''s messages", host);
    }
    return chat;
  }

  /** Whether the hub's cluster answers now (true for a chat alone). */
  private boolean clusterReachable() {
    try {
      return hub.stats().get(5, TimeUnit.SECONDS).clusterReachable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /**
   * The port the chat listens (or listened) on: the one asked for, or the one chosen for port 0.
   *
   * @return the local port
   */
  public int port() {
    return port;
  }

  /**
   * The page's address, such as {@code http://127.0.0.1:8080/}; the hub is at
   * {@code ws/{id}} relative to it. A chat listening on every interface ({@code 0.0.0.0} or
   * {@code ::}) gives its loopback address, which a browser on this machine can open.
   *
   * @return the page's URI
   */
  public URI uri() {
    return uri;
  }

  /**
   * The hub the clients talk to, for the server's own messages ({@code send}, {@code broadcast})
   * and questions ({@code isOnline}, {@code stats}).
   *
   * @return the hub
   */
  public Hub<Long> hub() {
    return hub;
  }

  /**
   * Stops gracefully: the hub stops accepting connections, gives queued messages up to
   * {@link #DRAIN} to go out and closes every client with 1001 (going away); then the server stops.
   * Returns when both are done. Calling it again does nothing.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    try {
      // A little more than the drain: the hub closes everyone once the drain is over.
      hub.shutdown(DRAIN).get(DRAIN.toMillis() + 2_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.WARNING, "the hub did not shut down cleanly; stopping anyway", e);
    }
    server.close();
    presence.close();
    ended.countDown();
    LOG.log(Level.INFO, "chat stopped");
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Waits until the chat has stopped, as a command-line program must: {@code main} should not
   * return before the chat ends.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void join() throws InterruptedException {
    ended.await();
  }

  /**
   * Runs the chat from the command line: {@code [--port N] [--host ADDR] [--rate-limit N] [--redis URI]}; Ctrl-C stops it
   * gracefully.
   *
   * @param args the command line
   * @throws InterruptedException if interrupted while running
   */
  public static void main(String[] args) throws InterruptedException {
    CommandLine options;
    try {
      options = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("chat-server: " + e.getMessage());
      System.err.print(CommandLine.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(CommandLine.USAGE);
      return;
    }
    ConsoleLogging.install();
    ChatServer chat;
    try {
      chat = start(options.host(), options.port(), options.rateLimit(), options.redis());
    } catch (IOException e) {
      System.err.println("chat-server: cannot listen on " + options.host() + ":" + options.port()
          + ": " + rootMessage(e));
      System.exit(1);
      return;
    }
    if (options.redis() != null && !chat.clusterReachable()) {
      System.out.println("Redis at " + options.redis() + " does not answer yet: serving this server's clients,"
          + " joining the cluster when it does");
    }
    // Ctrl-C (SIGINT) and SIGTERM run shutdown hooks: close the clients with 1001, not a reset.
    // Printed, not logged: java.util.logging closes its handlers in a shutdown hook of its own.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Stopping: clients are told the server is going away (1001)...");
      chat.stop();
      System.out.println("Stopped.");
    }, "chat-server-shutdown"));
    System.out.println("Chat running at " + chat.uri() + "  (Ctrl-C to stop)");
    chat.join();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }

  /**
   * Logs who comes and goes: what a demo's console should show. Listeners run on the hub's
   * thread, which must never wait on I/O, and a console can be slow: under a burst of 19,000
   * connections, logging there held the hub up until its pings went out late. So the lines are
   * written by a thread of their own.
   */
  private static final class PresenceLog implements HubListener<Long>, AutoCloseable {

    private final ExecutorService console = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "chat-presence-log");
      thread.setDaemon(true);
      return thread;
    });

    @Override
    public void onConnect(Long id) {
      log("{0} is online", id);
    }

    @Override
    public void onDisconnect(Long id, int code, String reason) {
      log("{0} went offline ({1} {2})", id, code, reason);
    }

    @Override
    public void onJoin(Long id, String room, boolean firstOfId) {
      if (firstOfId) {
        log("{0} joined {1}", id, room);
      }
    }

    @Override
    public void onLeave(Long id, String room, boolean lastOfId) {
      if (lastOfId) {
        log("{0} left {1}", id, room);
      }
    }

    @Override
    public void onReject(Long id, int code, String reason) {
      log("{0} was refused ({1} {2})", id, code, reason);
    }

    private void log(String format, Object... values) {
      Object[] texts = Arrays.stream(values).map(String::valueOf).toArray();
      try {
        console.execute(() -> LOG.log(Level.INFO, format, texts));
      } catch (RejectedExecutionException stopped) {
        // The chat is stopping: the last farewells go unlogged.
      }
    }

    @Override
    public void close() {
      console.shutdown();
    }
  }
}
