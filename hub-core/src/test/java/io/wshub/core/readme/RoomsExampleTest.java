package io.wshub.core.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.Hub;
import io.wshub.core.Message;
import io.wshub.core.MessageType;
import io.wshub.core.testing.TestClient;
import io.wshub.core.testing.TestHub;
import org.junit.jupiter.api.Test;

/** The README's rooms snippet, as it compiles and runs. */
class RoomsExampleTest {

  @Test
  void aRoomWithTwoMembersAndTheServersSide() {
    // README:rooms:begin
    TestHub<Long> hub = TestHub.create(Hub.builder().rateLimit(20)); // 20 frames a second per connection
    TestClient<Long> alice = hub.connect(1L).join("lobby");         // sends {"type":5,"room":"lobby"}
    TestClient<Long> bob = hub.connect(2L).join("lobby");
    alice.sendToRoom("lobby", "hi all");                            // {"type":7,"room":"lobby","content":"hi all"}

    assertThat(bob.frames()).containsExactly(
        "{\"type\":2,\"sender\":0,\"receiver\":2,\"room\":\"lobby\",\"content\":\"joined\"}",
        "{\"sender\":1,\"type\":7,\"room\":\"lobby\",\"content\":\"hi all\"}");
    assertThat(hub.members("lobby")).containsExactly(1L, 2L);

    // The server has the same powers, answered as futures like send and isOnline:
    Hub<Long> server = hub.hub();
    server.join(2L, "staff");                                         // every connection of 2
    server.sendToRoom("lobby", Message.toRoom(MessageType.ROOM, 0L, "lobby", "welcome"), 1L); // all but 1
    assertThat(server.rooms(2L).join()).containsExactly("lobby", "staff");
    // README:rooms:end
    assertThat(alice.frames()).doesNotContain("{\"type\":7,\"sender\":0,\"room\":\"lobby\",\"content\":\"welcome\"}");
    assertThat(bob.frames()).endsWith("{\"type\":7,\"sender\":0,\"room\":\"lobby\",\"content\":\"welcome\"}");
  }
}
