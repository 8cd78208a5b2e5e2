package io.wshub.core;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A messaging hub: it keeps the registry of connected clients and routes their messages.
 *
 * <p>The hub is an actor. Every call below only puts a command into the hub's mailbox and
 * returns; one thread at a time drains the mailbox, and that thread alone owns the registry.
 * Nothing on it blocks on I/O: deliveries go into bounded per-connection queues
 * ({@link ClientPort}), and a connection that cannot keep up is closed, never waited for.
 *
 * <p>Two sides use a hub. A transport (the JSR-356 adapter, or the test kit) calls
 * {@link #connect} for each connection and reports its frames, pongs and close through the
 * returned {@link Connection}. The application sends, broadcasts and asks questions; answers
 * come as futures completed on the hub's thread, after every command sent before the question
 * (use the {@code *Async} methods of the future for slow work).
 *
 * <p>Build one with {@link #builder()}. All methods are thread-safe.
 *
 * @param <Id> the id type, see {@link IdCodec}
 */
public interface Hub<Id> extends AutoCloseable {

  /**
   * A builder for a hub with {@code long} ids (1 to 2^63-1; 0 is the system), protocol v1's ids.
   *
   * @return a builder with protocol v1's defaults
   */
  static HubBuilder<Long> builder() {
    return new HubBuilder<>(IdCodec.longs());
  }

  /**
   * A builder for a hub with ids of another type.
   *
   * @param ids how ids are parsed and written, such as {@link IdCodec#strings()}
   * @param <Id> the id type
   * @return a builder with protocol v1's defaults
   */
  static <Id> HubBuilder<Id> builder(IdCodec<Id> ids) {
    return new HubBuilder<>(ids);
  }

  /**
   * The settings this hub was built with.
   *
   * @return the settings
   */
  HubConfig<Id> config();

  /**
   * Tells the hub that a client connected as {@code id}; the transport has already authenticated
   * it. The connection is registered, or refused and closed through {@code port} (duplicate id
   * under {@link DuplicateIdPolicy#REJECT_NEW}, the system id, or the hub shutting down).
   *
   * @param id the id the connection was accepted with
   * @param port the way out to the client
   * @return the handle through which the transport reports this connection's events
   */
  Connection<Id> connect(Id id, ClientPort port);

  /**
   * Sends a message from the server to every connection of {@code to}: with a
   * {@linkplain HubBuilder#backplane backplane}, on whichever node it is connected.
   *
   * @param to the receiver's id
   * @param message the message, usually made with {@link Message#of}
   * @return {@code true} once at least one connection accepted it, {@code false} if none did;
   *     with a backplane, failed when the id is not here and the cluster cannot be asked
   */
  CompletableFuture<Boolean> send(Id to, Message<Id> message);

  /**
   * Sends a message from the server to every connection: with a {@linkplain HubBuilder#backplane
   * backplane}, on every node.
   *
   * @param message the message; encoded once
   * @return how many connections accepted it (with a backplane: on this node, once the other nodes
   *     were handed it; failed when they cannot be, after this node's connections had it)
   */
  CompletableFuture<Integer> broadcast(Message<Id> message);

  /**
   * Whether {@code id} has a connection (with a {@linkplain HubBuilder#backplane backplane}: on any
   * node).
   *
   * @param id the id
   * @return the answer, as of the moment the hub handles the question; with a backplane, failed
   *     when the id is not here and the cluster cannot be asked
   */
  CompletableFuture<Boolean> isOnline(Id id);

  // ---- Rooms and presence. ----

  /**
   * Puts every connection {@code id} has now into {@code room}, as if each had sent JOIN: each is
   * told {@code "joined"}, the room's other connections are told when {@code id} was not in it
   * yet, and listeners hear {@link HubListener#onJoin}. A connection that opens later joins
   * nothing; a connection already at its {@linkplain HubBuilder#maxRoomsPerConnection(int) room
   * limit} is left out. With a {@linkplain HubBuilder#backplane backplane}, the id's connections on
   * other nodes join too (asked as a SEND is: when the id has no connection here, or always under
   * {@link DuplicateIdPolicy#MULTI}).
   *
   * @param id the id
   * @param room the room, see {@link RoomNames}
   * @return whether {@code id} is in the room afterwards ({@code false}: not online, or every
   *     connection at its limit); with a backplane, failed when the id is not here and the cluster
   *     cannot be asked
   * @throws IllegalArgumentException if {@code room} is not a valid room name
   */
  CompletableFuture<Boolean> join(Id id, String room);

  /**
   * Puts one connection into {@code room}, as if it had sent JOIN.
   *
   * @param connection a connection of this hub, as {@link #connect} returned it
   * @param room the room, see {@link RoomNames}
   * @return whether the connection is in the room afterwards ({@code false}: closed, or at its limit)
   * @throws IllegalArgumentException if {@code room} is not a valid room name, or the connection
   *     is not one of this hub's
   */
  CompletableFuture<Boolean> join(Connection<Id> connection, String room);

  /**
   * Takes every connection of {@code id} out of {@code room}, as if each had sent LEAVE: each is
   * told {@code "left"}, the room's other connections are told once {@code id} is no longer in it,
   * and listeners hear {@link HubListener#onLeave}. With a backplane, on other nodes too, as
   * {@link #join(Object, String)}.
   *
   * @param id the id
   * @param room the room
   * @return whether {@code id} was in the room
   * @throws IllegalArgumentException if {@code room} is not a valid room name
   */
  CompletableFuture<Boolean> leave(Id id, String room);

  /**
   * Takes one connection out of {@code room}, as if it had sent LEAVE.
   *
   * @param connection a connection of this hub
   * @param room the room
   * @return whether it was in the room
   * @throws IllegalArgumentException if {@code room} is not a valid room name, or the connection
   *     is not one of this hub's
   */
  CompletableFuture<Boolean> leave(Connection<Id> connection, String room);

  /**
   * Sends a message from the server to every connection in {@code room}. The frame is encoded
   * once and shared; a room with no members is not an error (nobody accepts it). With a
   * {@linkplain HubBuilder#backplane backplane}, to the room's members on every node.
   *
   * @param room the room
   * @param message the message, such as {@link Message#toRoom}
   * @return how many connections accepted it (with a backplane: on this node, once the other nodes
   *     were handed it; failed when they cannot be, after this node's members had it)
   * @throws IllegalArgumentException if {@code room} is not a valid room name
   */
  CompletableFuture<Integer> sendToRoom(String room, Message<Id> message);

  /**
   * Sends a message from the server to every connection in {@code room} but those of
   * {@code except}, such as the one it is about.
   *
   * @param room the room
   * @param message the message
   * @param except the id whose connections are left out
   * @return how many connections accepted it, as {@link #sendToRoom(String, Message)}
   * @throws IllegalArgumentException if {@code room} is not a valid room name
   */
  CompletableFuture<Integer> sendToRoom(String room, Message<Id> message, Id except);

  /**
   * The ids in {@code room} (presence is per id: an id is in while any of its connections is).
   * With a {@linkplain HubBuilder#backplane backplane}, on every node.
   *
   * @param room the room
   * @return the ids, each once, ascending (their natural order where the id type has one, else
   *     by their text); empty when the room has no members; with a backplane, failed when the
   *     cluster cannot be asked
   * @throws IllegalArgumentException if {@code room} is not a valid room name
   */
  CompletableFuture<List<Id>> members(String room);

  /**
   * The rooms any connection of {@code id} is in (with a {@linkplain HubBuilder#backplane
   * backplane}: on any node).
   *
   * @param id the id
   * @return the rooms' names in alphabetical order; empty when it is in none or not online; with
   *     a backplane, failed when the cluster cannot be asked
   */
  CompletableFuture<Set<String>> rooms(Id id);

  /**
   * A snapshot of the hub's counters, connections included.
   *
   * @return the snapshot
   */
  CompletableFuture<HubStats> stats();

  /**
   * Shuts down gracefully: new connections are refused with {@link CloseCodes#GOING_AWAY}, queued
   * frames are given until {@code drain} to be written, then every connection is closed with
   * {@link CloseCodes#GOING_AWAY}. Messages that arrive meanwhile are still routed. A thread
   * the hub made itself is stopped at the end. Calling it again returns the same outcome.
   *
   * @param drain how long to wait for outbound queues to empty
   * @return completes when every connection is closed
   */
  CompletableFuture<Void> shutdown(Duration drain);

  /**
   * Shuts down without waiting for queues to drain, and waits until that is done. Do not call it
   * from the hub's thread (a listener or a rule).
   */
  @Override
  void close();
}
