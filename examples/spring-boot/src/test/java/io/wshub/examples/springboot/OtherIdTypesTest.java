package io.wshub.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wshub.core.Hub;
import io.wshub.jakarta.WsClient;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;

/**
 * {@code wshub.ids=uuid}, an authenticator that does not fit the hub's ids, and a misspelt
 * {@code wshub.ids}: each a service of its own, started here (the users of {@link StringIdsTest}).
 */
class OtherIdTypesTest {

  static final UUID ALICE = UUID.fromString("a11ce000-0000-4000-8000-000000000001");
  static final UUID BOB = UUID.fromString("b0b00000-0000-4000-8000-000000000002");

  @Test
  void withUuidIdsTheHubIsAHubOfUuidsAndDevicesTalkByThem() {
    try (ConfigurableApplicationContext service = new SpringApplicationBuilder(StringIdsTest.Users.class)
        .run("--server.port=0", "--wshub.ids=uuid")) {
      assertThat(service.getBeanProvider(ResolvableType.forClassWithGenerics(Hub.class, UUID.class)).getIfAvailable())
          .as("the Hub<UUID> bean").isNotNull();
      WsClient alice = connect(service, "alice", ALICE);
      WsClient bob = connect(service, "bob", BOB);

      String receipt = alice.sendUntilOnline("{\"type\":1,\"receiver\":\"" + BOB + "\",\"content\":\"hi bob\"}");

      assertThat(receipt).contains("\"content\":\"success send\"");
      assertThat(bob.nextFrame()).startsWith("{\"sender\":\"" + ALICE + "\",").contains("\"content\":\"hi bob\"");
      alice.closeAndWait();
      bob.closeAndWait();
    }
  }

  @Test
  void anAuthenticatorForOtherIdsThanTheHubsFailsTheStartNamingBoth() {
    SpringApplicationBuilder stringAuthenticatorUuidHub =
        new SpringApplicationBuilder(StringIdsTest.Users.class, StringIdsTest.SignedInName.class);

    assertThatThrownBy(() -> stringAuthenticatorUuidHub.run("--server.port=0", "--wshub.ids=uuid").close())
        .rootCause()
        .hasMessage("The bean 'signedInName', Authenticator<String>, does not fit the hub, whose ids are UUID:"
            + " declare it Authenticator<UUID>, or give the hub its ids (wshub.ids: long, string or uuid)");
  }

  @Test
  void aMisspeltIdTypeFailsTheStartNamingTheProperty() {
    SpringApplicationBuilder misspelt = new SpringApplicationBuilder(StringIdsTest.Users.class);

    assertThatThrownBy(() -> misspelt.run("--server.port=0", "--wshub.ids=strings").close())
        .hasStackTraceContaining("Failed to bind properties under 'wshub.ids'");
  }

  static WsClient connect(ConfigurableApplicationContext service, String user, UUID id) {
    int port = ((WebServerApplicationContext) service).getWebServer().getPort();
    return WsClient.connect(ChatApplicationTest.HTTP, URI.create("ws://127.0.0.1:" + port + "/ws/" + id),
        ChatApplicationTest.headers(user, "http://localhost:8080"));
  }
}
