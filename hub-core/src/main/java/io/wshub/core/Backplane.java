package io.wshub.core;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What joins a hub to others so that several hub processes act as one hub (a cluster): what a
 * node tells the cluster, and through {@link Node} what it hears back. Set with
 * {@link HubBuilder#backplane}; without one (the default) a hub is alone and pays nothing for
 * this. {@code hub-redis} implements it on Redis.
 *
 * <p><b>Threading.</b> The hub calls every method but {@link #start} on its own thread, in the
 * order things happen on it, and never waits for anything they start: an implementation must
 * return at once (queue the work, answer later through the returned stage). A stage may complete
 * on any thread. An implementation may call {@link Node}'s methods from any thread.
 *
 * <p>The hub asks the backplane only about what it cannot answer itself: a SEND, a
 * {@link Hub#send} or an {@link Hub#isOnline} for an id with no connection here, every BROADCAST
 * and ROOM message (as well as their local delivery), and under {@link DuplicateIdPolicy#MULTI}
 * every SEND (the id may have connections elsewhere too). It tells the backplane which ids are
 * connected here and which rooms they are in, so that the cluster can route to them and announce
 * presence.
 *
 * <p><b>Presence.</b> The hub tells the backplane when an id's connections <em>here</em> enter a
 * room ({@link #joined}) and when its last one here leaves it ({@link #left}). The cluster
 * decides whether that begins or ends the id's presence in the room (it may be there through
 * another node too) and, if so, tells every node with members in the room, this one included,
 * through {@link Node#presence}: so each presence event goes out once, in the same order on every
 * node. When the cluster cannot be told, the hub tells its own members itself, by what it knows.
 *
 * @param <Id> the id type
 */
public interface Backplane<Id> {

  /**
   * Called once, when the hub is built, before any other method: the hub this node is. It must
   * not fail because the cluster cannot be reached now: the node then serves its own connections,
   * reports {@link Node#reachable reachable(false)}, and joins the cluster when it can.
   *
   * @param node what the backplane may ask of the hub
   */
  void start(Node<Id> node);

  /**
   * A connection of {@code id} was accepted here, or under {@link DuplicateIdPolicy#REJECT_NEW} is
   * to be accepted if the cluster agrees. Under {@link DuplicateIdPolicy#REPLACE} the cluster
   * closes the id's older connections on other nodes ({@link Node#replaced}). Together with
   * {@link #disconnected} this tells the backplane which ids are here, in order, so it can announce
   * them again to a cluster that lost them (its store restarted, or was unreachable).
   *
   * @param id the id
   * @return the connection's generation: a number the cluster gives each connection, larger for
   *     a newer one, by which {@link Node#replaced} tells older from newer; or {@code 0} under
   *     {@link DuplicateIdPolicy#REJECT_NEW} when the id is connected on another node (nothing was
   *     announced, and the hub rejects the connection). Completed exceptionally when the cluster
   *     cannot be told now (the backplane still counts the id as here, and announces it later)
   */
  CompletionStage<Long> connected(Id id);

  /**
   * The last connection of {@code id} here is gone.
   *
   * @param id the id
   */
  void disconnected(Id id);

  /**
   * Delivers a frame to the connections of {@code to} on the other nodes.
   *
   * @param to the receiver
   * @param frame the frame, encoded, with its sender stamped
   * @param receipt whether the answer is wanted: {@code false} when the hub has its receipt
   *     already (a connection here accepted it) and this is only for the id's other connections
   * @return {@code true} once a connection on another node accepted it, {@code false} when none
   *     did or the id is connected nowhere else; completed exceptionally when the cluster cannot be
   *     asked (the sender is told so in an error reply)
   */
  CompletionStage<Boolean> send(Id to, String frame, boolean receipt);

  /**
   * Delivers a frame to every connection on the other nodes (this node's have it already).
   *
   * @param frame the frame
   * @return completes once the other nodes were handed it; exceptionally when they cannot be
   *     (the sender is told so in an error reply)
   */
  CompletionStage<Void> broadcast(String frame);

  /**
   * Whether {@code id} has a connection on another node.
   *
   * @param id the id
   * @return the answer; completed exceptionally when the cluster cannot be asked
   */
  CompletionStage<Boolean> isOnline(Id id);

  /**
   * A connection of {@code id} here entered {@code room}. When it is the first of the id here and
   * that begins the id's presence in the room cluster-wide, every node with members in the room
   * hears {@link Node#presence} (this one too).
   *
   * <p>The stage orders the join among the cluster's events: it completes after this node has
   * heard ({@link Node#presence}, {@link Node#deliverToRoom}) everything the cluster published
   * before it took the join, and before anything published after. Until then the hub counts the
   * connection as joining: it is told {@code "joined"} when the stage completes, and hears of the
   * presence changes from then on, as a member of a room on one hub does.
   *
   * @param id the id
   * @param room the room
   * @param firstHere whether it is the id's first connection here in the room (the others change
   *     nothing the cluster holds, but are ordered the same way)
   * @return completes once the cluster took it; exceptionally when it cannot be told (the hub
   *     then tells its own members of the room, and the backplane tells the cluster when it can)
   */
  CompletionStage<Void> joined(Id id, String room, boolean firstHere);

  /**
   * The last connection of {@code id} here left {@code room} (by LEAVE, by the server, or
   * because it closed). When that ends the id's presence in the room cluster-wide, every node with
   * members in the room hears {@link Node#presence}.
   *
   * @param id the id
   * @param room the room
   * @return completes once the cluster took it; exceptionally when it cannot be told (the hub
   *     then tells its own members of the room, and the backplane tells the cluster when it can)
   */
  CompletionStage<Void> left(Id id, String room);

  /**
   * Delivers a frame to the members of {@code room} on the other nodes (this node's have it
   * already).
   *
   * @param room the room
   * @param frame the frame, encoded once
   * @param except the id whose connections are left out, or {@code null}
   * @return completes once the other nodes were handed it; exceptionally when they cannot be
   */
  CompletionStage<Void> sendToRoom(String room, String frame, Id except);

  /**
   * The ids in {@code room}, as the cluster knows them (the hub adds its own members).
   *
   * @param room the room
   * @return the ids, in any order; completed exceptionally when the cluster cannot be asked
   */
  CompletionStage<List<Id>> members(String room);

  /**
   * The rooms {@code id} is in on any node, as the cluster knows them (the hub adds its own).
   *
   * @param id the id
   * @return the rooms' names; completed exceptionally when the cluster cannot be asked
   */
  CompletionStage<Set<String>> rooms(Id id);

  /**
   * Puts the connections of {@code id} on the other nodes into {@code room}, as
   * {@link Hub#join(Object, String)} does here.
   *
   * @param id the id
   * @param room the room
   * @return whether a connection of {@code id} on another node is in the room afterwards;
   *     completed exceptionally when the cluster cannot be asked
   */
  CompletionStage<Boolean> join(Id id, String room);

  /**
   * Takes the connections of {@code id} on the other nodes out of {@code room}, as
   * {@link Hub#leave(Object, String)} does here.
   *
   * @param id the id
   * @param room the room
   * @return whether a connection of {@code id} on another node was in the room; completed
   *     exceptionally when the cluster cannot be asked
   */
  CompletionStage<Boolean> leave(Id id, String room);

  /**
   * The end of a burst of the hub's work (see {@link ClientPort#flush()}): what the hub asked of the
   * backplane since the last flush may now go out, together. An implementation may hold calls back
   * until then (and longer, when the cluster is slow to answer: that is how batches grow under
   * load), but must keep their order. The default does nothing.
   */
  default void flush() {}

  /**
   * The hub has stopped (every connection here is closed): leave the cluster, telling the other
   * nodes' members of the rooms this node's ids were in, and release what the backplane holds,
   * without waiting on the hub's thread.
   */
  void stop();

  /**
   * The hub, as its backplane sees it: what arrives from the cluster. Every method may be called
   * from any thread and returns at once; the work is done on the hub's thread, in the order of the
   * calls.
   *
   * @param <Id> the id type
   */
  interface Node<Id> {

    /**
     * The settings of the hub, such as its id codec and duplicate-id policy.
     *
     * @return the settings
     */
    HubConfig<Id> config();

    /**
     * Delivers a frame from another node to the connections of {@code to} here.
     *
     * @param to the receiver
     * @param frame the frame, as the sending node encoded it
     * @return whether a connection here accepted it; completed exceptionally, at once, when the
     *     hub is too far behind to take it (as many of these deliveries wait for it as
     *     {@link HubConfig#inboundQueue()} frames from clients may): it was not delivered, and the
     *     exception's message says so for the sender. Counted in
     *     {@link HubStats#clusterDeliveriesRefused()}
     */
    CompletableFuture<Boolean> deliver(Id to, String frame);

    /**
     * Delivers a frame from another node to every connection here.
     *
     * @param frame the frame
     * @return how many connections accepted it; completed exceptionally, at once, when the hub is
     *     too far behind to take it (as many broadcasts, room messages and presence events from
     *     other nodes wait for it as {@link HubConfig#inboundQueue()} frames from clients may): it
     *     was not delivered, and the hub counts it in {@link HubStats#clusterDeliveriesRefused()}
     *     and logs a warning, so the caller need do nothing about it
     */
    CompletableFuture<Integer> deliverToAll(String frame);

    /**
     * Delivers a ROOM frame from another node to the members of {@code room} here (not to those
     * still joining: see {@link Backplane#joined}).
     *
     * @param room the room
     * @param frame the frame, as the sending node encoded it
     * @param except the id whose connections are left out, or {@code null}
     * @return how many connections accepted it; completed exceptionally, at once, when the hub is
     *     too far behind to take it, as {@link #deliverToAll} is
     */
    CompletableFuture<Integer> deliverToRoom(String room, String frame, Id except);

    /**
     * The presence of {@code id} in {@code room} began ({@code joined}) or ended in the cluster:
     * the members of the room here, but the connections of {@code id} and those still joining, are
     * told {@code "joined"} or {@code "left"}.
     *
     * @param room the room
     * @param id the id whose presence changed
     * @param joined {@code true} for "joined", {@code false} for "left"
     * @return how many connections were told; completed exceptionally, at once, when the hub is too
     *     far behind to take it, as {@link #deliverToAll} is
     */
    CompletableFuture<Integer> presence(String room, Id id, boolean joined);

    /**
     * Puts the connections of {@code id} here into {@code room}, as {@link Hub#join(Object, String)}
     * does for a hub alone.
     *
     * @param id the id
     * @param room the room
     * @return whether a connection of {@code id} here is in the room afterwards
     */
    CompletableFuture<Boolean> join(Id id, String room);

    /**
     * Takes the connections of {@code id} here out of {@code room}.
     *
     * @param id the id
     * @param room the room
     * @return whether a connection of {@code id} here was in the room
     */
    CompletableFuture<Boolean> leave(Id id, String room);

    /**
     * A connection of {@code id} with generation {@code generation} (see
     * {@link Backplane#connected}) arrived on another node: the connections of {@code id} here
     * that are older are closed with {@link CloseCodes#REPLACED}. A connection whose generation is
     * still on its way is closed when it arrives, if it is lower; one the cluster could not be told
     * of counts as older. A newer connection here is left alone: an older one's late announcement
     * never closes it.
     *
     * @param id the id
     * @param generation the newer connection's generation
     * @return how many connections were closed now
     */
    CompletableFuture<Integer> replaced(Id id, long generation);

    /**
     * Tells the hub whether the cluster is reachable: its {@link HubStats#clusterReachable()}
     * and its listeners' {@link HubListener#onClusterReachable(boolean)} follow. Repeating the
     * current state does nothing.
     *
     * @param reachable whether the cluster can be asked now
     */
    void reachable(boolean reachable);
  }
}
