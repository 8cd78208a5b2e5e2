package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The closes the hub puts off until a command is done, without a hub: the closer here does what
 * the hub's close does to a connection (it is no longer registered) and records what it was asked,
 * and a test may have it find more slow consumers, as a close that tells a room can.
 */
class PendingClosesTest {

  private final List<String> closed = new ArrayList<>();
  private Consumer<Conn<String>> whileClosing = conn -> { };
  private final PendingCloses<String> pending = new PendingCloses<>((conn, code, reason) -> {
    conn.registered = false;
    closed.add(conn.id + " " + code + " " + reason);
    whileClosing.accept(conn);
  });

  private static Conn<String> registered(String id) {
    Conn<String> conn = new Conn<>(id, null, null, 0, null);
    conn.registered = true;
    return conn;
  }

  @Test
  void connectionsFoundWhileSendingAreClosedWhenTheCommandIsDoneInTheOrderFound() {
    Conn<String> alice = registered("alice");
    Conn<String> bob = registered("bob");

    pending.add(bob, CloseCodes.TRY_AGAIN_LATER, "slow");
    pending.add(alice, CloseCodes.UNEXPECTED_CONDITION, "port threw");

    assertThat(closed).as("nothing is closed under the loop that found them").isEmpty();
    assertThat(bob.closing).as("but nothing more is queued for them").isTrue();
    assertThat(alice.closing).isTrue();
    pending.closeAll();
    assertThat(closed).containsExactly("bob 1013 slow", "alice 1011 port threw");
    pending.closeAll();
    assertThat(closed).as("each once").hasSize(2);
  }

  @Test
  void aCloseThatThrowsDoesNotKeepTheOthersOpenAndItsExceptionIsThrownAfterAllWereTried() {
    Conn<String> alice = registered("alice");
    Conn<String> bob = registered("bob");
    IllegalStateException codecFailure = new IllegalStateException("the user's codec failed");
    whileClosing = conn -> {
      if (conn == alice) {
        throw codecFailure;
      }
    };

    pending.add(alice, CloseCodes.TRY_AGAIN_LATER, "slow");
    pending.add(bob, CloseCodes.TRY_AGAIN_LATER, "slow");

    assertThatThrownBy(pending::closeAll).isSameAs(codecFailure);
    assertThat(closed).containsExactly("alice 1013 slow", "bob 1013 slow");
    assertThat(bob.registered).as("bob closed although alice's close threw first").isFalse();
    pending.closeAll();
    assertThat(closed).as("none left pending").hasSize(2);
  }

  @Test
  void aConnectionFoundTwiceIsClosedOnceWithTheFirstReason() {
    Conn<String> alice = registered("alice");

    pending.add(alice, CloseCodes.TRY_AGAIN_LATER, "slow");
    pending.add(alice, CloseCodes.UNEXPECTED_CONDITION, "port threw");
    pending.closeAll();

    assertThat(closed).containsExactly("alice 1013 slow");
  }

  @Test
  void aConnectionTheHubNoLongerHoldsIsNotClosedAgain() {
    Conn<String> gone = new Conn<>("gone", null, null, 0, null);

    pending.add(gone, CloseCodes.TRY_AGAIN_LATER, "slow");
    pending.closeAll();

    assertThat(closed).isEmpty();
    assertThat(gone.closing).isFalse();
  }

  @Test
  void slowConsumersFoundByAClosingConnectionsRoomAreClosedInTheSamePass() {
    Conn<String> alice = registered("alice");
    Conn<String> bob = registered("bob");
    Conn<String> carol = registered("carol");
    whileClosing = conn -> {
      if (conn == alice) {
        pending.add(bob, CloseCodes.TRY_AGAIN_LATER, "slow"); // told that alice left, and full
        pending.closeAll(); // as a flush inside the close would: the loop under way closes bob
      } else if (conn == bob) {
        pending.add(carol, CloseCodes.TRY_AGAIN_LATER, "slow");
      }
    };

    pending.add(alice, CloseCodes.GOING_AWAY, "idle");
    pending.closeAll();

    assertThat(closed).containsExactly("alice 1001 idle", "bob 1013 slow", "carol 1013 slow");
  }
}
