package io.wshub.core.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import io.wshub.core.Hub;
import io.wshub.core.HubBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Protocol v1, as a client sees it: one scenario per row of DESIGN.md's protocol and of
 * "where we differ from the seed". Transport-agnostic: hub-core runs it through the test kit,
 * and each container binding runs the very same scenarios over real sockets.
 */
public abstract class ProtocolScenarios {

  /** A running hub behind some transport. */
  public interface Transport extends AutoCloseable {

    /** Connects a client as {@code id} and returns once the hub has registered it. */
    Peer connect(long id);

    @Override
    void close();
  }

  /** One client, as the scenarios drive it. */
  public interface Peer {

    void send(String frame);

    /** The next frame the client received, waiting as long as the transport needs; fails if none comes. */
    String nextFrame();

    /** Waits until the server closes this client (answering pings meanwhile, unless told not to) and returns the code. */
    int awaitClose();

    /** The client stops reading what the server sends. */
    void stopReading();

    /** The client stops answering pings (and sends nothing more). */
    void stopAnsweringPings();
  }

  /** Builds the hub from {@code builder} and serves it. */
  protected abstract Transport start(HubBuilder<Long> builder);

  private Transport transport;

  private Transport serve(HubBuilder<Long> builder) {
    transport = start(builder);
    return transport;
  }

  private Transport serve() {
    return serve(Hub.builder());
  }

  @AfterEach
  void stopTransport() {
    if (transport != null) {
      transport.close();
    }
  }

  static String receipt(long receiver, String content) {
    return "{\"type\":2,\"sender\":0,\"receiver\":" + receiver + ",\"content\":\"" + content + "\"}";
  }

  static String error(long own, String problem) {
    return receipt(own, "error: " + problem);
  }

  @Test
  void sendReachesTheReceiverByteForByteAndTheSenderGetsSuccessSend() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);

    String hello = "{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hello i am ws1\"}";
    alice.send(hello);

    assertThat(bob.nextFrame()).isEqualTo(hello);
    assertThat(alice.nextFrame()).isEqualTo(receipt(2, "success send"));
  }

  @Test
  void sendToAnIdThatIsNotConnectedEarnsNotOnline() {
    Peer alice = serve().connect(1);

    alice.send("{\"type\":1,\"sender\":1,\"receiver\":99,\"content\":\"anyone?\"}");

    assertThat(alice.nextFrame()).isEqualTo(receipt(99, "not online"));
  }

  @Test
  void broadcastReachesEveryClientTheSenderIncludedWithoutAReceipt() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);
    Peer carol = hub.connect(3);

    String news = "{\"type\":3,\"sender\":1,\"receiver\":0,\"content\":\"hi all\"}";
    alice.send(news);

    assertThat(bob.nextFrame()).isEqualTo(news);
    assertThat(carol.nextFrame()).isEqualTo(news);
    assertThat(alice.nextFrame()).as("the sender's own copy, and no receipt before it").isEqualTo(news);
    alice.send("{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"probe\"}");
    assertThat(alice.nextFrame()).as("no receipt for the broadcast").isEqualTo(receipt(2, "success send"));
  }

  @Test
  void closeMessageClosesTheConnectionWith1000AndForwardsNothing() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);

    alice.send("{\"type\":4,\"sender\":1,\"receiver\":2,\"content\":\"bye\"}");

    assertThat(alice.awaitClose()).isEqualTo(CloseCodes.NORMAL);
    Peer carol = hub.connect(3);
    carol.send("{\"type\":1,\"receiver\":2,\"content\":\"after\"}");
    assertThat(bob.nextFrame()).as("nothing of the CLOSE reached bob").contains("\"after\"");
  }

  @Test
  void theSenderIsStampedSoNobodySpeaksAsSomeoneElse() {
    Transport hub = serve();
    Peer mallory = hub.connect(6);
    Peer bob = hub.connect(2);

    mallory.send("{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"i am alice\"}");
    assertThat(bob.nextFrame()).isEqualTo("{\"type\":1,\"sender\":6,\"receiver\":2,\"content\":\"i am alice\"}");

    mallory.send("{\"type\":1,\"receiver\":2,\"content\":\"no sender\"}");
    assertThat(bob.nextFrame()).isEqualTo("{\"sender\":6,\"type\":1,\"receiver\":2,\"content\":\"no sender\"}");
  }

  @Test
  void unknownFieldsAreKeptWhenForwarding() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);

    // The seed's own example writes "send" where it means "sender".
    alice.send("{\"type\":1,\"content\":\"hello i am ws1\",\"receiver\":2,\"send\":1,\"meta\":{\"a\":[1,2]}}");

    assertThat(bob.nextFrame()).isEqualTo(
        "{\"sender\":1,\"type\":1,\"content\":\"hello i am ws1\",\"receiver\":2,\"send\":1,\"meta\":{\"a\":[1,2]}}");
  }

  @Test
  void invalidJsonEarnsAnErrorReplyAndTheConnectionLives() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);

    alice.send("hello?");
    assertThat(alice.nextFrame()).startsWith("{\"type\":2,\"sender\":0,\"receiver\":1,\"content\":\"error: not valid JSON");

    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"still here\"}");
    assertThat(bob.nextFrame()).contains("still here");
    assertThat(alice.nextFrame()).isEqualTo(receipt(2, "success send"));
  }

  @Test
  void badFieldsAndUnsupportedTypesEarnErrorRepliesNamingTheProblem() {
    Peer alice = serve().connect(1);

    alice.send("[1,2]");
    assertThat(alice.nextFrame()).contains("error: a message is a JSON object");
    alice.send("{\"type\":\"1\",\"receiver\":2}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "field \\\"type\\\" must be an integer"));
    alice.send("{\"type\":1,\"receiver\":\"2\"}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "field \\\"receiver\\\" must be an integer id"));
    alice.send("{\"type\":1,\"content\":\"to nobody\"}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "a SEND message needs a \\\"receiver\\\""));
    alice.send("{\"type\":0}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "type 0 (CONNECT) is reserved and not routed"));
    alice.send("{\"type\":2,\"receiver\":1,\"content\":\"success send\"}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "type 2 (SYSTEM) is sent by the server only"));
    alice.send("{\"type\":42}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "unsupported message type 42"));
  }

  @Test
  void aFrameOverTheSizeLimitClosesWith1009() {
    Peer alice = serve().connect(1);

    alice.send("{\"type\":3,\"content\":\"" + "x".repeat(600) + "\"}");

    assertThat(alice.awaitClose()).isEqualTo(CloseCodes.TOO_BIG);
  }

  @Test
  void aNewConnectionForTheSameIdReplacesTheOldOneWith4000() {
    Transport hub = serve();
    Peer first = hub.connect(1);
    Peer second = hub.connect(1);

    assertThat(first.awaitClose()).isEqualTo(CloseCodes.REPLACED);
    Peer bob = hub.connect(2);
    bob.send("{\"type\":1,\"receiver\":1,\"content\":\"to the newer one\"}");
    assertThat(second.nextFrame()).contains("to the newer one");
  }

  @Test
  void aClientThatStopsAnsweringPingsIsClosedWith1001() {
    Transport hub = serve(Hub.builder().pingInterval(Duration.ofMillis(200)).idleTimeout(Duration.ofMillis(500)));
    Peer alive = hub.connect(1);
    Peer silent = hub.connect(2);

    silent.stopAnsweringPings();

    assertThat(silent.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
    alive.send("{\"type\":1,\"receiver\":1,\"content\":\"still alive\"}");
    assertThat(alive.nextFrame()).contains("still alive");
  }

  @Test
  void aBurstToOneReceiverThatReadsClosesNobodyAndArrivesWholeAndInOrder() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);

    // 1,000 messages of 100 bytes as fast as the sender can write them: faster than the server
    // writes to bob, so they queue, but a queue bounded in bytes holds such a burst.
    int burst = 1_000;
    for (int i = 0; i < burst; i++) {
      alice.send("{\"type\":1,\"receiver\":2,\"content\":\"" + String.format("%04d", i) + "x".repeat(56) + "\"}");
    }

    for (int i = 0; i < burst; i++) {
      assertThat(bob.nextFrame()).as("message %d", i).contains("\"content\":\"" + String.format("%04d", i));
      assertThat(alice.nextFrame()).isEqualTo(receipt(2, "success send"));
    }
    bob.send("{\"type\":1,\"receiver\":1,\"content\":\"all here\"}");
    assertThat(alice.nextFrame()).as("both still connected").contains("all here");
  }

  @Test
  void aClientThatStopsReadingIsClosedWith1013WhileTheOthersKeepReceiving() {
    Transport hub = serve(Hub.builder().outboundQueueBytes(8 * 1024).writeTimeout(Duration.ofSeconds(30)));
    Peer sender = hub.connect(1);
    Peer slow = hub.connect(2);
    Peer reader = hub.connect(3);

    slow.stopReading();
    String filler = "x".repeat(400);
    int sent = 0;
    String answer;
    do {
      sender.send("{\"type\":1,\"receiver\":2,\"content\":\"" + filler + "\"}");
      answer = sender.nextFrame();
      sent++;
    } while (answer.equals(receipt(2, "success send")) && sent < 200_000);

    assertThat(answer).as("the message that found the queue full was not accepted").isEqualTo(receipt(2, "not online"));
    assertThat(slow.awaitClose()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
    sender.send("{\"type\":1,\"receiver\":3,\"content\":\"others keep going\"}");
    assertThat(reader.nextFrame()).contains("others keep going");
    assertThat(sender.nextFrame()).isEqualTo(receipt(3, "success send"));
  }
}
