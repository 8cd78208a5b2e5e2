package io.wshub.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.Hub;
import io.wshub.core.IdCodec;
import io.wshub.jakarta.Authenticator;
import io.wshub.jakarta.WsClient;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A service whose users are their names: {@code wshub.ids=string} makes the hub a {@code Hub<String>},
 * and the signed-in user's name is the id. Real sockets to the embedded Tomcat, Spring Boot's default
 * security (HTTP Basic) in front.
 */
@SpringBootTest(classes = {StringIdsTest.Users.class, StringIdsTest.SignedInName.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "wshub.ids=string")
class StringIdsTest {

  @LocalServerPort
  int port;

  @Autowired
  Hub<String> hub;

  @Test
  void aliceTalksToBobByName() {
    WsClient alice = connect("alice", "alice");
    WsClient bob = connect("bob", "bob");

    String receipt = alice.sendUntilOnline("{\"type\":1,\"receiver\":\"bob\",\"content\":\"hi bob\"}");

    assertThat(receipt).isEqualTo("{\"type\":2,\"sender\":\"0\",\"receiver\":\"bob\",\"content\":\"success send\"}");
    assertThat(bob.nextFrame())
        .isEqualTo("{\"sender\":\"alice\",\"type\":1,\"receiver\":\"bob\",\"content\":\"hi bob\"}");
    alice.closeAndWait();
    bob.closeAndWait();
  }

  @Test
  void aUserCannotConnectAsSomeoneElse() {
    WsClient alice = connect("alice", "bob");

    assertThat(alice.awaitClose()).isEqualTo(1008);
  }

  @Test
  void theInjectedHubIsAHubOfStrings() throws Exception {
    assertThat(hub.config().ids()).isSameAs(IdCodec.strings());
    WsClient alice = connect("alice", "alice");
    alice.send("{\"type\":3,\"content\":\"here\"}"); // the broadcast comes back once she is registered
    alice.nextFrame();

    assertThat(hub.isOnline("alice").get(5, TimeUnit.SECONDS)).isTrue();
    alice.closeAndWait();
  }

  WsClient connect(String user, String id) {
    return WsClient.connect(ChatApplicationTest.HTTP, URI.create("ws://127.0.0.1:" + port + "/ws/" + id),
        ChatApplicationTest.headers(user, "http://localhost:8080"));
  }

  /**
   * Alice and Bob, password "secret", behind Spring Boot's default security, with the
   * auto-configuration. Not a {@code @Configuration}: {@link ChatApplication}'s component scan covers
   * this package and must not find it.
   */
  @EnableAutoConfiguration
  static class Users {

    @Bean
    UserDetailsService users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("alice").password("{noop}secret").roles("CHAT").build(),
          User.withUsername("bob").password("{noop}secret").roles("CHAT").build());
    }
  }

  /** {@code /ws/alice} only for alice: the id is the signed-in user's name. */
  static class SignedInName {

    @Bean
    Authenticator<String> signedInName() {
      return (pathId, request) -> request.getUserPrincipal() != null
          && pathId.equals(request.getUserPrincipal().getName()) ? Optional.of(pathId) : Optional.empty();
    }
  }
}
