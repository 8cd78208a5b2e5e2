package io.wshub.core.testing;

import io.wshub.core.CloseCodes;
import io.wshub.core.Connection;
import java.util.List;
import java.util.OptionalInt;

/**
 * One fake client of a {@link TestHub}: what it sends goes to the hub as if from a socket, and
 * what the hub sends it is recorded by its {@link FakeClientPort}.
 *
 * @param <Id> the id type
 */
public final class TestClient<Id> {

  private final Connection<Id> connection;
  private final FakeClientPort port;

  TestClient(Connection<Id> connection, FakeClientPort port) {
    this.connection = connection;
    this.port = port;
  }

  /**
   * The id this client connected with.
   *
   * @return the id
   */
  public Id id() {
    return connection.id();
  }

  /**
   * Sends a text frame to the hub, such as {@code {"type":1,"receiver":2,"content":"hi"}}.
   *
   * @param frame the frame
   * @return this client
   */
  public TestClient<Id> send(String frame) {
    connection.receive(frame);
    return this;
  }

  /**
   * Joins a room: sends {@code {"type":5,"room":"ROOM"}}.
   *
   * @param room the room
   * @return this client
   */
  public TestClient<Id> join(String room) {
    return send("{\"type\":5,\"room\":" + quote(room) + "}");
  }

  /**
   * Leaves a room: sends {@code {"type":6,"room":"ROOM"}}.
   *
   * @param room the room
   * @return this client
   */
  public TestClient<Id> leave(String room) {
    return send("{\"type\":6,\"room\":" + quote(room) + "}");
  }

  /**
   * Says something to a room: sends {@code {"type":7,"room":"ROOM","content":"CONTENT"}}, which
   * every connection in the room receives with this client as its sender.
   *
   * @param room the room
   * @param content the text
   * @return this client
   */
  public TestClient<Id> sendToRoom(String room, String content) {
    return send("{\"type\":7,\"room\":" + quote(room) + ",\"content\":" + quote(content) + "}");
  }

  /**
   * Asks who is in a room: sends {@code {"type":8,"room":"ROOM"}}.
   *
   * @param room the room
   * @return this client
   */
  public TestClient<Id> askMembers(String room) {
    return send("{\"type\":8,\"room\":" + quote(room) + "}");
  }

  /** A JSON string of {@code text}. */
  private static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** Answers a ping: the hub sees this client as alive. */
  public void pong() {
    connection.pong();
  }

  /** The client goes away with {@link CloseCodes#NORMAL}, as when its socket closes cleanly. */
  public void disconnect() {
    connection.closed(CloseCodes.NORMAL, "");
  }

  /** The client stops reading: frames queue up in its port, see {@link FakeClientPort#stall()}. */
  public void stopReading() {
    port.stall();
  }

  /** The client reads again: what waited is written, in order, and what follows is written at once. */
  public void resumeReading() {
    port.resume();
  }

  /**
   * The frames the hub sent this client, oldest first.
   *
   * @return a copy
   */
  public List<String> frames() {
    return port.frames();
  }

  /**
   * The frames the hub sent since the last call, oldest first.
   *
   * @return the frames
   */
  public List<String> takeFrames() {
    return port.takeFrames();
  }

  /**
   * How many pings the hub sent this client.
   *
   * @return the count
   */
  public int pings() {
    return port.pings();
  }

  /**
   * The close code the hub closed this client with.
   *
   * @return the code, or empty while open
   */
  public OptionalInt closeCode() {
    return port.closeCode();
  }

  /**
   * Whether the hub closed this client.
   *
   * @return {@code true} once closed
   */
  public boolean isClosed() {
    return port.isClosed();
  }

  /**
   * This client's port, for what the other accessors do not cover.
   *
   * @return the port
   */
  public FakeClientPort port() {
    return port;
  }

  /**
   * This client's connection handle, as a transport would hold it.
   *
   * @return the connection
   */
  public Connection<Id> connection() {
    return connection;
  }

  @Override
  public String toString() {
    return "TestClient[" + id() + "]";
  }
}
