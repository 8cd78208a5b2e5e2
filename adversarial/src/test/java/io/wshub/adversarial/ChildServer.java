package io.wshub.adversarial;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@link ServerMain} in a JVM of its own, driven through its standard input and output. */
final class ChildServer implements AutoCloseable {

  private final Process process;
  private final BufferedReader out;
  private final PrintWriter in;
  final int port;

  private ChildServer(Process process) throws IOException {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    String first = answer();
    if (first == null || !first.startsWith("port ")) {
      process.destroyForcibly();
      throw new IllegalStateException("the server did not start: " + first);
    }
    this.port = Integer.parseInt(first.substring(5).trim());
  }

  /**
   * Starts {@code stack} in a new JVM with {@code jvmFlags} (its heap bounded by them) and the
   * hub settings {@code ping=MS} and so on; its standard error goes to {@code log}.
   */
  static ChildServer start(Stack stack, List<String> jvmFlags, Path log, String... settings) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(classPath());
    command.add(ServerMain.class.getName());
    command.add(stack.name());
    command.addAll(List.of(settings));
    try {
      Process process = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      return new ChildServer(process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The test's own class path, as surefire built it. */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  URI uri(long id) {
    return URI.create("ws://127.0.0.1:" + port + "/ws/" + id);
  }

  long pid() {
    return process.pid();
  }

  synchronized String ask(String command) {
    in.println(command);
    try {
      String answer = answer();
      if (answer == null) {
        throw new IllegalStateException("the server process ended; exit code " + exitCode());
      }
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next line of the server's that answers: anything else a library prints is skipped. */
  private String answer() throws IOException {
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith(ServerMain.ANSWER)) {
        return line.substring(ServerMain.ANSWER.length());
      }
    }
    return null;
  }

  private String exitCode() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "(still running)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  /** The hub's counters, and {@code closedCODE} for the closes it reported by code. */
  Map<String, Long> stats() {
    Map<String, Long> stats = new HashMap<>();
    for (String pair : ask("stats").split(" ")) {
      String[] kv = pair.split("=", 2);
      stats.put(kv[0], Long.parseLong(kv[1]));
    }
    return stats;
  }

  /** The server's heap in use after a full collection, in bytes. */
  long heapAfterGc() {
    return Long.parseLong(ask("heap").trim());
  }

  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        ask("stop");
      }
    } catch (RuntimeException e) {
      // it ended already
    }
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
