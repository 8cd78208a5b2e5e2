package io.wshub.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real {@code redis-server} (Debian's, /usr/bin/redis-server) on a free port, with no
 * persistence: a restart starts empty, as a Redis that lost its data does. Tests start, stop and
 * restart it; nothing is mocked.
 */
public final class RedisServer implements AutoCloseable {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final int port;
  private Process process;

  private RedisServer(int port) {
    this.port = port;
  }

  /** Whether redis-server is installed here. */
  public static boolean installed() {
    return Files.isExecutable(Path.of(binary()));
  }

  private static String binary() {
    return System.getProperty("wshub.redis.server", "/usr/bin/redis-server");
  }

  /** Starts one on a free port and returns once it answers PING. */
  public static RedisServer start() {
    RedisServer redis = new RedisServer(freePort());
    redis.restart();
    return redis;
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts it (again) on the same port, empty, and returns once it answers PING. */
  public void restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("redis-server is running already");
    }
    try {
      process = new ProcessBuilder(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--protected-mode", "no")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + binary() + ": is Debian's redis-server installed?", e);
    }
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!answersPing()) {
      if (System.nanoTime() - deadline > 0 || !process.isAlive()) {
        throw new IllegalStateException("redis-server did not start on port " + port);
      }
      Thread.onSpinWait();
    }
  }

  /** Stops it at once (SIGKILL), as an outage does. Returns once the port refuses connections. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Sends one command in Redis's inline protocol and returns the first line of the reply. */
  public String command(String line) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder reply = new StringBuilder();
      for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
        if (b != '\r') {
          reply.append((char) b);
        }
      }
      return reply.toString();
    } catch (IOException e) {
      return null;
    }
  }

  private boolean answersPing() {
    return "+PONG".equals(command("PING"));
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
