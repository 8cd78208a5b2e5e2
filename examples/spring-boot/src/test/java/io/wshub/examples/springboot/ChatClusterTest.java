package io.wshub.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.Hub;
import io.wshub.jakarta.WsClient;
import io.wshub.redis.Poll;
import io.wshub.redis.RedisServer;
import io.wshub.spring.WshubProperties;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;

/**
 * Two instances of the service on one real Redis, each with {@code wshub.redis.uri} and nothing
 * else of the cluster's: they are one chat. Alice signs in to one, Bob to the other.
 */
class ChatClusterTest {

  RedisServer redis;
  ConfigurableApplicationContext one;
  ConfigurableApplicationContext two;

  @BeforeEach
  void startTwoInstances() {
    redis = RedisServer.start();
    one = start();
    two = start();
  }

  @AfterEach
  void stop() {
    if (two != null) {
      two.close();
    }
    if (one != null) {
      one.close();
    }
    redis.close();
  }

  ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(ChatApplication.class).run(
        "--server.port=0", "--wshub.redis.uri=" + redis.uri(), "--wshub.redis.prefix=spring-cluster-test");
  }

  @Test
  void usersOnTwoInstancesTalkAsOnOneAndAStoppedInstancesUsersAreNotOnline() throws Exception {
    WsClient alice = connect(one, "alice", 1);
    WsClient bob = connect(two, "bob", 2);

    String receipt = alice.sendUntilOnline("{\"type\":1,\"receiver\":2,\"content\":\"hi bob\"}");
    assertThat(receipt).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":2,\"content\":\"success send\"}");
    assertThat(bob.nextFrame()).isEqualTo("{\"sender\":1,\"type\":1,\"receiver\":2,\"content\":\"hi bob\"}");
    bob.send("{\"type\":1,\"receiver\":1,\"content\":\"hi alice\"}");
    assertThat(alice.nextFrame()).isEqualTo("{\"sender\":2,\"type\":1,\"receiver\":1,\"content\":\"hi alice\"}");
    assertThat(bob.nextFrame()).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":1,\"content\":\"success send\"}");
    assertThat(hub(one).isOnline(2L).get(5, TimeUnit.SECONDS)).as("bob, from the instance he is not on").isTrue();

    two.close(); // a graceful stop: the instance leaves the cluster
    two = null;
    assertThat(bob.awaitClose()).isEqualTo(1001);
    Poll.until(Duration.ofSeconds(3), "bob not online once his instance stopped", () -> !online(one, 2));
    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"still there?\"}");
    assertThat(alice.nextFrame()).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":2,\"content\":\"not online\"}");
    alice.closeAndWait();
  }

  @Test
  void theReadmesClusterPropertiesAreTheOnesTheHubBinds() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    int at = readme.indexOf("```properties\nwshub.redis.uri=");
    assertThat(at).as("the README's cluster properties").isPositive();
    String block = readme.substring(at + "```properties\n".length(), readme.indexOf("```", at + 3));
    Properties properties = new Properties();
    properties.load(new StringReader(block));

    WshubProperties bound = new Binder(new MapConfigurationPropertySource(properties))
        .bind("wshub", WshubProperties.class).get();

    assertThat(bound.redis()).isEqualTo(new WshubProperties.Redis(
        "redis://127.0.0.1:6379", "wshub", Duration.ofSeconds(6), Duration.ofSeconds(2)));
  }

  static boolean online(ConfigurableApplicationContext context, long id) {
    try {
      return hub(context).isOnline(id).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("isOnline(" + id + ") failed", e);
    }
  }

  @SuppressWarnings("unchecked")
  static Hub<Long> hub(ConfigurableApplicationContext context) {
    return (Hub<Long>) context.getBeanProvider(ResolvableType.forClassWithGenerics(Hub.class, Long.class)).getObject();
  }

  static WsClient connect(ConfigurableApplicationContext context, String user, long id) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return WsClient.connect(ChatApplicationTest.HTTP, URI.create("ws://127.0.0.1:" + port + "/ws/" + id),
        ChatApplicationTest.headers(user, "http://localhost:8080"));
  }
}
