package io.wshub.core.testing;

import io.wshub.core.Hub;
import io.wshub.core.HubBuilder;
import io.wshub.core.HubStats;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A hub for unit tests: it runs every command on the calling thread, at once, and keeps virtual
 * time, so a test reads as a story: connect, send, assert, advance time, assert.
 *
 * <p>Because the hub runs on the caller's thread, every method returns with its effects done,
 * and the futures of {@link #hub()} are complete when returned.
 *
 * @param <Id> the id type
 */
public final class TestHub<Id> implements AutoCloseable {

  private final Hub<Id> hub;
  private final VirtualTime time;

  private TestHub(Hub<Id> hub, VirtualTime time) {
    this.hub = hub;
    this.time = time;
  }

  /**
   * A test hub with protocol v1's defaults and {@code long} ids.
   *
   * @return the test hub
   */
  public static TestHub<Long> create() {
    return create(Hub.builder());
  }

  /**
   * A test hub from your builder, with your options, routing rules and id type. The builder's
   * executor, ticker and scheduler are replaced by the caller's thread and virtual time.
   *
   * @param builder the builder
   * @param <Id> the id type
   * @return the test hub
   */
  public static <Id> TestHub<Id> create(HubBuilder<Id> builder) {
    VirtualTime time = new VirtualTime();
    Hub<Id> hub = builder.executor(Runnable::run).ticker(time).scheduler(time).build();
    return new TestHub<>(hub, time);
  }

  /**
   * Connects a client with an unbounded queue.
   *
   * @param id its id
   * @return the client
   */
  public TestClient<Id> connect(Id id) {
    return connect(id, new FakeClientPort());
  }

  /**
   * Connects a client through a port of your own, such as one with a small capacity.
   *
   * @param id its id
   * @param port its port
   * @return the client
   */
  public TestClient<Id> connect(Id id, FakeClientPort port) {
    return new TestClient<>(hub.connect(id, port), port);
  }

  /**
   * Moves virtual time forward: heartbeats, idle and write timeouts fire on the way.
   *
   * @param duration how far
   */
  public void advance(Duration duration) {
    time.advance(duration);
  }

  /**
   * The hub's counters now.
   *
   * @return the snapshot
   */
  public HubStats stats() {
    return now(hub.stats());
  }

  /**
   * Whether an id has a connection now.
   *
   * @param id the id
   * @return the answer
   */
  public boolean isOnline(Id id) {
    return now(hub.isOnline(id));
  }

  /**
   * The ids in a room now, ascending.
   *
   * @param room the room
   * @return the ids; empty when nobody is in it
   */
  public List<Id> members(String room) {
    return now(hub.members(room));
  }

  /**
   * The rooms an id is in now, by name.
   *
   * @param id the id
   * @return the rooms
   */
  public Set<String> rooms(Id id) {
    return now(hub.rooms(id));
  }

  /**
   * The hub itself, for server-side sends and for what the other methods do not cover.
   *
   * @return the hub
   */
  public Hub<Id> hub() {
    return hub;
  }

  /**
   * The virtual time the hub runs on.
   *
   * @return the clock
   */
  public VirtualTime time() {
    return time;
  }

  /** Shuts the hub down at once; connections are closed with 1001. */
  @Override
  public void close() {
    hub.close();
  }

  private static <T> T now(CompletableFuture<T> future) {
    if (!future.isDone()) {
      throw new IllegalStateException("the test hub answers at once; was it built with another executor?");
    }
    return future.join();
  }
}
