package io.wshub.examples.war;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.jakarta.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.assertj.core.api.InstanceOfAssertFactories;

/**
 * What every container that the built WAR is deployed into must serve under {@code /chat}: the
 * page and the hub, which speaks protocol v1 to the letter, plus typing notices. Shared, through
 * this module's test-jar, with the tests that deploy the WAR into the Jakarta EE 11 containers.
 */
public final class ChatWar {

  /** The built WAR. */
  public static final Path WAR = Path.of(System.getProperty("chat.war", "target/chat.war"));

  private ChatWar() {}

  /** A running container with the WAR deployed at /chat, and how to stop it. */
  public record Deployed(int port, AutoCloseable stop) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      stop.close();
    }
  }

  /** A conversation with the WAR deployed at {@code /chat} on {@code port}. */
  public static void chat(int port) throws IOException, InterruptedException {
    String base = "127.0.0.1:" + port + "/chat/";
    WsClient alice = WsClient.connect(URI.create("ws://" + base + "ws/1"));
    WsClient bob = WsClient.connect(URI.create("ws://" + base + "ws/2"));

    String hello = "{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hello i am ws1\"}";
    assertThat(alice.sendUntilOnline(hello)).isEqualTo(receipt(2, "success send"));
    assertThat(bob.nextFrame()).isEqualTo(hello);

    alice.send("{\"type\":1,\"receiver\":99,\"content\":\"anyone?\"}");
    assertThat(alice.nextFrame()).isEqualTo(receipt(99, "not online"));

    bob.send("{\"type\":9,\"receiver\":1}");
    assertThat(alice.nextFrame()).isEqualTo("{\"type\":9,\"sender\":2,\"receiver\":1,\"content\":\"typing\"}");

    bob.send("{\"type\":3,\"content\":\"hi all\"}");
    assertThat(alice.nextFrame()).isEqualTo("{\"sender\":2,\"type\":3,\"content\":\"hi all\"}");
    assertThat(bob.nextFrame()).isEqualTo("{\"sender\":2,\"type\":3,\"content\":\"hi all\"}");

    alice.send("{\"type\":42}");
    assertThat(alice.nextFrame()).isEqualTo(receipt(1, "error: unsupported message type 42"));

    WsClient nobody = WsClient.connect(URI.create("ws://" + base + "ws/abc"));
    assertThat(nobody.awaitClose()).isEqualTo(1008);

    alice.send("{\"type\":4}");
    assertThat(alice.awaitClose()).isEqualTo(1000);
    bob.closeAndWait();

    HttpResponse<String> page = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + base)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as("the chat page at the context root").isEqualTo(200);
    assertThat(page.body()).contains("<title>wshub chat</title>");
    HttpResponse<String> client = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + base + "wshub.js")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(client.statusCode()).as("wshub.js, the module the page imports").isEqualTo(200);
    // A browser runs a module only when it comes with a JavaScript MIME type.
    assertThat(client.headers().firstValue("Content-Type")).get(InstanceOfAssertFactories.STRING).contains("javascript");
    assertThat(client.body()).contains("export function connect(");
  }

  private static String receipt(long receiver, String content) {
    return "{\"type\":2,\"sender\":0,\"receiver\":" + receiver + ",\"content\":\"" + content + "\"}";
  }
}
