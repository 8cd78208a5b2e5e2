package io.wshub.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.jakarta.WsClient;
import io.wshub.redis.Poll;
import io.wshub.redis.RedisServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two chat-servers, one of them another process, on one real Redis: one chat, rooms included, and
 * a node killed with kill -9.
 */
class ChatClusterTest {

  private final RedisServer redis = RedisServer.start();
  private Process other;
  private ChatServer here;

  @AfterEach
  void stop() {
    if (other != null) {
      other.destroyForcibly();
    }
    if (here != null) {
      here.stop();
    }
    redis.close();
  }

  /** Starts a chat-server in a JVM of its own with --redis, and returns its port once it serves. */
  private int startOtherProcess() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ChatServer.class.getName(),
        "--port", "0", "--redis", redis.uri())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
    Pattern running = Pattern.compile("Chat running at http://127\\.0\\.0\\.1:(\\d+)/");
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      Matcher matcher = running.matcher(line);
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
    }
    throw new AssertionError("the other chat-server ended without serving");
  }

  private static String lobby(long id, String content) {
    return "{\"type\":2,\"sender\":0,\"receiver\":" + id + ",\"room\":\"lobby\",\"content\":\"" + content + "\"}";
  }

  private boolean online(long id) {
    try {
      return here.hub().isOnline(id).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void twoChatServersOnOneRedisAreOneChatAndAKilledOnesIdsGoWithinSevenSecondsAndItsRoomsAreToldTheyLeft()
      throws Exception {
    int port = startOtherProcess();
    here = ChatServer.start("127.0.0.1", 0, 0, redis.uri());
    WsClient alice = WsClient.connect(URI.create("ws://127.0.0.1:" + here.port() + "/ws/1"));
    WsClient bob = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws/2"));
    Poll.until(Duration.ofSeconds(5), "2, on the other process, online here", () -> online(2));

    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"across\"}");
    assertThat(bob.nextFrame()).isEqualTo("{\"sender\":1,\"type\":1,\"receiver\":2,\"content\":\"across\"}");
    assertThat(alice.nextFrame()).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":2,\"content\":\"success send\"}");
    bob.send("{\"type\":1,\"receiver\":1,\"content\":\"and back\"}");
    assertThat(alice.nextFrame()).contains("and back");
    assertThat(bob.nextFrame()).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":1,\"content\":\"success send\"}");
    alice.send("{\"type\":5,\"room\":\"lobby\"}");
    assertThat(alice.nextFrame()).isEqualTo(lobby(1, "joined"));
    bob.send("{\"type\":5,\"room\":\"lobby\"}");
    assertThat(bob.nextFrame()).isEqualTo(lobby(2, "joined"));
    assertThat(alice.nextFrame()).as("one room across both servers").isEqualTo(lobby(2, "joined"));
    bob.send("{\"type\":7,\"room\":\"lobby\",\"content\":\"hi room\"}");
    assertThat(alice.nextFrame()).isEqualTo("{\"sender\":2,\"type\":7,\"room\":\"lobby\",\"content\":\"hi room\"}");

    long killed = System.nanoTime();
    other.destroyForcibly(); // SIGKILL: no goodbye, no close frames
    other.waitFor();
    Duration gone = Poll.until(Duration.ofSeconds(15), "2 not online", () -> !online(2));
    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"anyone?\"}");
    assertThat(alice.nextFrame()).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":2,\"content\":\"not online\"}");
    long offline = System.nanoTime();
    assertThat(alice.nextFrame()).as("the room is told bob left").isEqualTo(lobby(2, "left"));
    Duration left = Duration.ofNanos(System.nanoTime() - killed);

    System.out.printf("kill -9 of a chat-server: its ids not online after %d ms, its rooms told they left after %d ms%n",
        Duration.ofNanos(offline - killed).toMillis(), left.toMillis());
    assertThat(gone).isLessThanOrEqualTo(Duration.ofSeconds(7));
    assertThat(left).isLessThanOrEqualTo(Duration.ofSeconds(15));
    alice.send("{\"type\":8,\"room\":\"lobby\"}");
    assertThat(alice.nextFrame()).isEqualTo(
        "{\"type\":2,\"sender\":0,\"receiver\":1,\"room\":\"lobby\",\"content\":\"members\",\"members\":[1]}");
    alice.closeAndWait();
  }
}
