package io.wshub.core;

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
 * (as well as its local delivery), and under {@link DuplicateIdPolicy#MULTI} every SEND (the id may
 * have connections elsewhere too).
 *
 * @param <Id> the id type
 */
public interface Backplane<Id> {

  /**
   * Called once, when the hub is built, before any other method: the hub this node is.
   *
   * @param node what the backplane may ask of the hub
   */
  void start(Node<Id> node);

  /**
   * A connection of {@code id} was accepted here. Under {@link DuplicateIdPolicy#REPLACE} the
   * cluster closes the id's connections on other nodes ({@link Node#replaced}). Together with
   * {@link #disconnected} this tells the backplane which ids are here, in order, so it can
   * announce them again to a cluster that lost them (its store restarted, or was unreachable).
   *
   * @param id the id
   */
  void connected(Id id);

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
   */
  void broadcast(String frame);

  /**
   * Whether {@code id} has a connection on another node.
   *
   * @param id the id
   * @return the answer; completed exceptionally when the cluster cannot be asked
   */
  CompletionStage<Boolean> isOnline(Id id);

  /**
   * The hub has stopped (every connection here is closed): leave the cluster and release what
   * the backplane holds, without waiting on the hub's thread.
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
     * @return whether a connection here accepted it
     */
    CompletableFuture<Boolean> deliver(Id to, String frame);

    /**
     * Delivers a frame from another node to every connection here.
     *
     * @param frame the frame
     * @return how many connections accepted it
     */
    CompletableFuture<Integer> deliverToAll(String frame);

    /**
     * A newer connection of {@code id} arrived on another node: the connections of {@code id}
     * here are closed with {@link CloseCodes#REPLACED}.
     *
     * @param id the id
     * @return how many connections were closed
     */
    CompletableFuture<Integer> replaced(Id id);

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
