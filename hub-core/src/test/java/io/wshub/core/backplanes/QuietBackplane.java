package io.wshub.core.backplanes;

import io.wshub.core.Backplane;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A cluster in which this hub is the only node: nobody else is online, no room has members
 * elsewhere, and every call is answered at once. A test plays the other nodes through
 * {@link #node} and overrides the calls it wants to watch. In a package of its own, as the
 * scenarios are, for the other modules' tests (hub-core's test-jar; a test class in
 * {@code io.wshub.core} could not be seen beside the module that owns that package).
 */
public class QuietBackplane implements Backplane<Long> {

  /** The hub as the cluster sees it, once the hub started this backplane. */
  public volatile Node<Long> node;

  @Override
  public void start(Node<Long> node) {
    this.node = node;
  }

  @Override
  public CompletionStage<Long> connected(Long id) {
    return CompletableFuture.completedFuture(1L);
  }

  @Override
  public void disconnected(Long id) {}

  @Override
  public CompletionStage<Boolean> send(Long to, String frame, boolean receipt) {
    return CompletableFuture.completedFuture(false);
  }

  @Override
  public CompletionStage<Void> broadcast(String frame) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Boolean> isOnline(Long id) {
    return CompletableFuture.completedFuture(false);
  }

  @Override
  public CompletionStage<Void> joined(Long id, String room, boolean firstHere) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> left(Long id, String room) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> sendToRoom(String room, String frame, Long except) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<List<Long>> members(String room) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<Set<String>> rooms(Long id) {
    return CompletableFuture.completedFuture(Set.of());
  }

  @Override
  public CompletionStage<Boolean> join(Long id, String room) {
    return CompletableFuture.completedFuture(false);
  }

  @Override
  public CompletionStage<Boolean> leave(Long id, String room) {
    return CompletableFuture.completedFuture(false);
  }

  @Override
  public void stop() {}
}
