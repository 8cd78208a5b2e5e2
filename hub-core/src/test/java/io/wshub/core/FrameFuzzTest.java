package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.wshub.core.testing.SystemFrames;
import io.wshub.core.testing.TestClient;
import io.wshub.core.testing.TestHub;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * A client that sends anything at all, through the hub: each frame gets exactly what protocol v1
 * says (an error reply naming the problem, a close where the design says close, or its routing),
 * nothing reaches anyone for a frame that was refused, whatever is forwarded carries the client's
 * own id as sender, and the hub goes on: later good frames are still routed, and what it
 * remembers (rooms, queues) stays bounded.
 *
 * <p>The attacker is client 1; 2 is in room {@code "r"}, 3 in none; 4 and 5 never connect.
 */
@AddLifecycleHook(FuzzSettings.class)
class FrameFuzzTest {

  private static final SystemFrames<Long> SYSTEM = SystemFrames.longs();
  private static final MessageCodec<Long> CODEC = MessageCodec.json(IdCodec.longs());
  private static final int ROOM_LIMIT = 3;

  @Provide
  Arbitrary<List<String>> frameLists() {
    return FuzzFrames.frames().list().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 1200, edgeCases = EdgeCasesMode.NONE)
  void everyFrameGetsWhatTheProtocolSaysAndTheHubGoesOn(@ForAll("frameLists") List<String> frames) {
    Clients clients = new Clients(Hub.builder().maxRoomsPerConnection(ROOM_LIMIT));
    for (String frame : frames) {
      clients.attackerSends(frame);
    }
    clients.theHubStillRoutes();
  }

  @Provide
  Arbitrary<String> hugeFrames() {
    Arbitrary<Integer> size = Arbitraries.integers().between(1_000, 200_000);
    return Arbitraries.oneOf(
        size.map(n -> "[".repeat(n)),
        size.map(n -> "{\"type\":3,\"x\":" + "[".repeat(n) + "]".repeat(n) + "}"),
        size.map(n -> "{\"type\":3,\"x\":" + "{\"a\":".repeat(n) + "1" + "}".repeat(n) + "}"),
        size.map(n -> "{\"type\":" + "9".repeat(n) + "}"),
        size.map(n -> "{\"type\":1,\"receiver\":" + "1".repeat(n) + "}"),
        size.map(n -> "{\"type\":3,\"content\":" + "-1.5e".repeat(n) + "}"),
        size.map(n -> "{\"type\":3,\"content\":\"" + "\\ud800".repeat(n / 6) + "\"}"),
        size.map(n -> "{\"type\":3,\"" + "k".repeat(n) + "\":1}"),
        size.map(n -> "{\"type\":3" + ",\"sender\":1".repeat(n / 11) + "}"),
        size.map(n -> "{\"type\":3,\"content\":\"" + "x".repeat(n) + "\"}"),
        size.map(n -> "x".repeat(n)));
  }

  /** With the frame limit raised to 1 MiB, the parser's own bounds (depth, number length) answer. */
  @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
  void hugeAndDeepFramesUnderABigLimitAreAnsweredInWordsAndCostNothingAfter(@ForAll("hugeFrames") String frame) {
    Clients clients = new Clients(Hub.builder().maxFrameBytes(1 << 20).maxRoomsPerConnection(ROOM_LIMIT));
    clients.attackerSends(frame);
    for (String reply : clients.attackerFramesSoFar) {
      if (!reply.startsWith("{\"type\":2,")) {
        continue; // its own broadcast, as it wrote it
      }
      assertThat(reply.length()).as("an error reply does not grow with the frame: %s", reply).isLessThan(500);
    }
    clients.theHubStillRoutes();
  }

  /** The three clients, and what the test expects the hub to know about them. */
  private static final class Clients {
    final TestHub<Long> hub;
    final TestClient<Long> attacker;
    final TestClient<Long> bob;
    final TestClient<Long> carol;
    final int maxFrameBytes;
    /** The rooms the attacker is in, in join order. */
    final Set<String> attackerRooms = new LinkedHashSet<>();
    final List<String> attackerFramesSoFar = new ArrayList<>();
    boolean attackerOpen = true;
    long framesReceived;
    long errorReplies;

    Clients(HubBuilder<Long> builder) {
      hub = TestHub.create(builder);
      maxFrameBytes = hub.hub().config().maxFrameBytes();
      attacker = hub.connect(1L);
      bob = hub.connect(2L).join("r");
      carol = hub.connect(3L);
      framesReceived = 1;
      bob.takeFrames();
    }

    void attackerSends(String frame) {
      Expected expected = expect(frame);
      try {
        attacker.send(frame);
      } catch (RuntimeException e) {
        fail("the hub threw %s for the frame %s", e, frame);
      }
      List<String> toAttacker = attacker.takeFrames();
      attackerFramesSoFar.addAll(toAttacker);
      assertThat(lengthsMasked(toAttacker)).as("what the attacker got for %s", frame)
          .isEqualTo(lengthsMasked(expected.toAttacker));
      assertThat(bob.takeFrames()).as("what 2 got for %s", frame).isEqualTo(expected.toBob);
      assertThat(carol.takeFrames()).as("what 3 got for %s", frame).isEqualTo(expected.toCarol);
      if (expected.close != 0) {
        assertThat(attacker.closeCode()).as("the close for %s", frame).hasValue(expected.close);
        attackerOpen = false;
      } else if (attackerOpen) {
        assertThat(attacker.closeCode()).as("the attacker stays connected after %s", frame).isEmpty();
      }
      for (String forwarded : bobsAndCarolsFrames(expected)) {
        String sender = JsonFields.value(forwarded, "sender");
        assertThat(sender).as("the sender of %s", forwarded).isIn("1", "0");
      }
      HubStats stats = hub.stats();
      assertThat(stats.framesReceived()).isEqualTo(framesReceived);
      assertThat(stats.errorReplies()).isEqualTo(errorReplies);
      assertThat(stats.inboundQueued()).isZero();
      assertThat(stats.outboundQueued()).isZero();
      assertThat(((ActorHub<Long>) hub.hub()).roomCount().join())
          .as("rooms: r and the attacker's, nothing left behind").isEqualTo(roomsNow().size());
      assertThat(hub.rooms(1L)).isEqualTo(attackerOpen ? new TreeSet<>(attackerRooms) : Set.of());
    }

    /**
     * Jackson's "Name length (55852) exceeds the maximum allowed" counts what it had read when it
     * looked, which depends on the size of the buffer it was lent: the words are the same, the
     * number not.
     */
    private static List<String> lengthsMasked(List<String> frames) {
      return frames.stream().map(f -> f.replaceAll("length \\(\\d+\\)", "length (N)")).toList();
    }

    private List<String> bobsAndCarolsFrames(Expected expected) {
      List<String> all = new ArrayList<>(expected.toBob);
      all.addAll(expected.toCarol);
      return all;
    }

    private Set<String> roomsNow() {
      Set<String> rooms = new HashSet<>(attackerOpen ? attackerRooms : Set.of());
      rooms.add("r");
      return rooms;
    }

    /** After whatever the attacker sent: 2 and 3 still talk, and so does the attacker if it is connected. */
    void theHubStillRoutes() {
      bob.send("{\"type\":1,\"receiver\":3,\"content\":\"still there?\"}");
      assertThat(carol.takeFrames()).containsExactly("{\"sender\":2,\"type\":1,\"receiver\":3,\"content\":\"still there?\"}");
      assertThat(bob.takeFrames()).containsExactly(SYSTEM.receipt(3L, true));
      assertThat(hub.isOnline(1L)).isEqualTo(attackerOpen);
      if (attackerOpen) {
        attacker.takeFrames();
        attacker.send("{\"type\":7,\"room\":\"r\",\"content\":\"hi\"}");
        List<String> reply = attacker.takeFrames();
        if (attackerRooms.contains("r")) {
          assertThat(reply).containsExactly("{\"sender\":1,\"type\":7,\"room\":\"r\",\"content\":\"hi\"}");
          assertThat(bob.takeFrames()).containsExactly("{\"sender\":1,\"type\":7,\"room\":\"r\",\"content\":\"hi\"}");
        } else {
          assertThat(reply).containsExactly(SYSTEM.error(1L, "not in room \"r\""));
          assertThat(bob.takeFrames()).isEmpty();
        }
      }
      HubStats stats = hub.stats();
      assertThat(stats.connections()).isEqualTo(attackerOpen ? 3 : 2);
      assertThat(stats.slowConsumerCloses()).isZero();
    }

    /** What protocol v1 says the hub does with this frame from the attacker. */
    Expected expect(String frame) {
      Expected e = new Expected();
      if (!attackerOpen) {
        return e; // frames after the hub closed a connection are dropped
      }
      framesReceived++;
      if (utf8Bytes(frame) > maxFrameBytes) {
        e.close = CloseCodes.TOO_BIG;
        leaveAll(e);
        return e;
      }
      Read read = read(frame);
      if (read.problem != null) {
        return e.error(this, read.problem);
      }
      Read m = read;
      switch (m.type) {
        case MessageType.SEND -> {
          if (m.receiver == null) {
            return e.error(this, "a SEND message needs a \"receiver\"");
          }
          String forwarded = CODEC.decode(frame, 1L).frame();
          boolean online = m.receiver == 1 || m.receiver == 2 || m.receiver == 3;
          e.to(m.receiver, forwarded);
          e.toAttacker.add(SYSTEM.receipt(m.receiver, online));
        }
        case MessageType.BROADCAST -> {
          String forwarded = CODEC.decode(frame, 1L).frame();
          e.to(1L, forwarded).to(2L, forwarded).to(3L, forwarded);
        }
        case MessageType.CLOSE -> {
          e.close = CloseCodes.NORMAL;
          leaveAll(e);
        }
        case MessageType.JOIN -> {
          String problem = roomProblem(m.room, "JOIN");
          if (problem != null) {
            return e.error(this, problem);
          }
          if (attackerRooms.contains(m.room)) {
            e.toAttacker.add(SYSTEM.joined(1L, m.room));
          } else if (attackerRooms.size() >= ROOM_LIMIT) {
            return e.error(this, "room limit: a connection may be in at most " + ROOM_LIMIT
                + " rooms; leave one first");
          } else {
            attackerRooms.add(m.room);
            e.toAttacker.add(SYSTEM.joined(1L, m.room));
            if (m.room.equals("r")) {
              e.toBob.add(SYSTEM.joined(1L, "r"));
            }
          }
        }
        case MessageType.LEAVE -> {
          String problem = roomProblem(m.room, "LEAVE");
          if (problem == null && !attackerRooms.contains(m.room)) {
            problem = "not in room \"" + m.room + "\"";
          }
          if (problem != null) {
            return e.error(this, problem);
          }
          attackerRooms.remove(m.room);
          e.toAttacker.add(SYSTEM.left(1L, m.room));
          if (m.room.equals("r")) {
            e.toBob.add(SYSTEM.left(1L, "r"));
          }
        }
        case MessageType.ROOM -> {
          String problem = roomProblem(m.room, "ROOM");
          if (problem == null && !attackerRooms.contains(m.room)) {
            problem = "not in room \"" + m.room + "\"";
          }
          if (problem != null) {
            return e.error(this, problem);
          }
          String forwarded = CODEC.decode(frame, 1L).frame();
          e.toAttacker.add(forwarded);
          if (m.room.equals("r")) {
            e.toBob.add(forwarded);
          }
        }
        case MessageType.PRESENCE -> {
          if (m.room == null && m.receiver != null) {
            boolean online = m.receiver == 1 || m.receiver == 2 || m.receiver == 3;
            e.toAttacker.add(SYSTEM.presence(m.receiver, online));
            return e;
          }
          if (m.room == null) {
            return e.error(this, "a PRESENCE message needs a \"room\" or a \"receiver\"");
          }
          String problem = roomProblem(m.room, "PRESENCE");
          if (problem == null && !attackerRooms.contains(m.room)) {
            problem = "not in room \"" + m.room + "\"";
          }
          if (problem != null) {
            return e.error(this, problem);
          }
          e.toAttacker.add(m.room.equals("r") ? SYSTEM.members(1L, "r", 1L, 2L) : SYSTEM.members(1L, m.room, 1L));
        }
        case MessageType.CONNECT -> e.error(this, "type 0 (CONNECT) is reserved and not routed");
        case MessageType.SYSTEM -> e.error(this, "type 2 (SYSTEM) is sent by the server only");
        default -> e.error(this, "unsupported message type " + m.type);
      }
      return e;
    }

    /** The attacker's connection is gone: it leaves its rooms, and r hears of it. */
    private void leaveAll(Expected e) {
      if (attackerRooms.contains("r")) {
        e.toBob.add(SYSTEM.left(1L, "r"));
      }
      attackerRooms.clear();
    }
  }

  /** What the three clients should get for one frame, and the close code for the attacker (0: none). */
  private static final class Expected {
    final List<String> toAttacker = new ArrayList<>();
    final List<String> toBob = new ArrayList<>();
    final List<String> toCarol = new ArrayList<>();
    int close;

    Expected to(long id, String frame) {
      Map.of(1L, toAttacker, 2L, toBob, 3L, toCarol).getOrDefault(id, new ArrayList<>()).add(frame);
      return this;
    }

    Expected error(Clients clients, String problem) {
      clients.errorReplies++;
      toAttacker.add(SYSTEM.error(1L, problem));
      return this;
    }
  }

  /** The problem with a room field, in the protocol's words, or null when it names a valid room. */
  private static String roomProblem(String room, String type) {
    if (room == null) {
      return "a " + type + " message needs a \"room\"";
    }
    boolean valid = !room.isEmpty() && room.length() <= 64 && room.chars().allMatch(c ->
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "_.:-".indexOf(c) >= 0);
    return valid ? null : RoomNames.problem(room);
  }

  /**
   * UTF-8 bytes, as the limit counts them. A lone surrogate cannot come off the wire (transports
   * close text that is not UTF-8 with 1007); the hub counts one as two bytes, half a pair.
   */
  private static long utf8Bytes(String frame) {
    long bytes = 0;
    for (int i = 0; i < frame.length(); i++) {
      char c = frame.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }

  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<String> KNOWN = Set.of("type", "sender", "receiver", "room", "content");

  /** A frame as protocol v1 reads it: the first problem in reading order, or the fields. */
  private record Read(String problem, int type, Long receiver, String room) {}

  private static Read read(String frame) {
    try (JsonParser p = JSON.createParser(frame)) {
      JsonToken token = p.nextToken();
      if (token == null) {
        return problem("not valid JSON: the frame is empty");
      }
      if (token != JsonToken.START_OBJECT) {
        return problem("a message is a JSON object such as {\"type\":1,\"receiver\":2,\"content\":\"hi\"}");
      }
      Set<String> seen = new HashSet<>();
      Integer type = null;
      Long receiver = null;
      String room = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (KNOWN.contains(name) && !seen.add(name)) {
          return problem("duplicate field \"" + name + "\"");
        }
        switch (name) {
          case "type" -> {
            if (value != JsonToken.VALUE_NUMBER_INT) {
              return problem("field \"type\" must be an integer");
            }
            BigInteger n = p.getBigIntegerValue();
            if (n.bitLength() > 31) {
              return problem("field \"type\" is out of range");
            }
            type = n.intValue();
          }
          case "sender", "receiver" -> {
            if (value == JsonToken.VALUE_NULL) {
              break;
            }
            if (value != JsonToken.VALUE_NUMBER_INT) {
              return problem("field \"" + name + "\" must be an integer id");
            }
            BigInteger n = p.getBigIntegerValue();
            if (n.signum() < 0 || n.bitLength() > 63) {
              return problem("field \"" + name + "\": invalid id '" + excerpt(p.getText())
                  + "': ids are decimal integers from 1 to " + Long.MAX_VALUE + ", without leading zeros");
            }
            if (name.equals("receiver")) {
              receiver = n.longValue();
            }
          }
          case "room", "content" -> {
            if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
              return problem("field \"" + name + "\" must be a string");
            }
            String text = value == JsonToken.VALUE_NULL ? null : p.getText(); // read whole: a broken escape is found here
            if (name.equals("room")) {
              room = text;
            }
          }
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        return problem("unexpected content after the JSON object");
      }
      if (type == null) {
        return problem("missing field \"type\"");
      }
      return new Read(null, type, receiver, room);
    } catch (JsonProcessingException e) {
      return problem("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Read problem(String problem) {
    return new Read(problem, 0, null, null);
  }

  private static String excerpt(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
