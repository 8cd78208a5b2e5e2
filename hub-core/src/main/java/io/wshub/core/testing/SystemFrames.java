package io.wshub.core.testing;

import io.wshub.core.IdCodec;
import io.wshub.core.Message;
import io.wshub.core.MessageCodec;
import io.wshub.core.MessageType;
import java.util.List;
import java.util.Objects;

/**
 * The frames the hub itself sends (type 2, SYSTEM, from the system id), written as the default
 * codec writes them, so that a test can say what it expects in the protocol's words:
 *
 * <pre>{@code
 * SystemFrames<Long> system = SystemFrames.longs();
 * alice.join("lobby");
 * bob.join("lobby");
 * assertThat(alice.takeFrames()).containsExactly(system.joined(1L, "lobby"), system.joined(2L, "lobby"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param <Id> the id type
 */
public final class SystemFrames<Id> {

  private final IdCodec<Id> ids;
  private final MessageCodec<Id> codec;

  private SystemFrames(IdCodec<Id> ids) {
    this.ids = Objects.requireNonNull(ids, "ids");
    this.codec = MessageCodec.json(ids);
  }

  /**
   * The system frames of a hub with {@code long} ids, the default.
   *
   * @return the frames
   */
  public static SystemFrames<Long> longs() {
    return new SystemFrames<>(IdCodec.longs());
  }

  /**
   * The system frames of a hub with other ids.
   *
   * @param ids the hub's id codec, {@code hub.config().ids()}
   * @param <Id> the id type
   * @return the frames
   */
  public static <Id> SystemFrames<Id> of(IdCodec<Id> ids) {
    return new SystemFrames<>(ids);
  }

  /**
   * A SEND's receipt: {@code {"type":2,"sender":0,"receiver":R,"content":"success send"}}.
   *
   * @param receiver the SEND's receiver
   * @param delivered {@code true} for "success send", {@code false} for "not online"
   * @return the frame
   */
  public String receipt(Id receiver, boolean delivered) {
    return system(receiver, null, delivered ? "success send" : "not online", null);
  }

  /**
   * An error reply: {@code {"type":2,"sender":0,"receiver":OWN,"content":"error: ..."}}.
   *
   * @param own the id of the client that made the mistake
   * @param problem what the hub says is wrong, without the {@code "error: "}
   * @return the frame
   */
  public String error(Id own, String problem) {
    return system(own, null, "error: " + problem, null);
  }

  /**
   * {@code id} joined {@code room}: what the joining connection gets, and the room's others
   * when {@code id} is new there.
   *
   * @param id who joined
   * @param room the room
   * @return the frame
   */
  public String joined(Id id, String room) {
    return system(id, room, "joined", null);
  }

  /**
   * {@code id} left {@code room}: what the leaving connection gets, and the room's others when
   * it was {@code id}'s last connection there.
   *
   * @param id who left
   * @param room the room
   * @return the frame
   */
  public String left(Id id, String room) {
    return system(id, room, "left", null);
  }

  /**
   * The answer to PRESENCE for a room:
   * {@code {"type":2,"sender":0,"receiver":OWN,"room":R,"content":"members","members":[...]}}.
   *
   * @param own who asked
   * @param room the room
   * @param members the ids in it, ascending
   * @return the frame
   */
  @SafeVarargs
  public final String members(Id own, String room, Id... members) {
    return system(own, room, "members", List.of(members));
  }

  /**
   * The answer to PRESENCE for an id: {@code "online"} or {@code "not online"}.
   *
   * @param id the id asked about
   * @param online whether it is online
   * @return the frame
   */
  public String presence(Id id, boolean online) {
    return system(id, null, online ? "online" : "not online", null);
  }

  private String system(Id receiver, String room, String content, List<Id> members) {
    return codec.encode(new Message<>(MessageType.SYSTEM, ids.system(), receiver, room, content, members, null));
  }
}
