package io.wshub.core;

import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * The hub against a simple model of it, over random stories: clients connect (the same id again,
 * under each {@link DuplicateIdPolicy}), send to ids online and offline, broadcast, join and leave
 * rooms and talk in them, ask who is there, send bad frames, stop and resume reading, close, drop
 * or vanish without a word, or have a port that throws; the server sends, broadcasts, joins and
 * talks to rooms too; virtual time passes, with pings answered or not. After every step each
 * connection has been sent exactly what the model ({@link HubModel}) says (so each SEND got exactly
 * one receipt, "success send" only when a connection of the receiver took the message, and nothing
 * reached a closed connection), the hub's answers to
 * {@code isOnline}, {@code members} and {@code rooms} match the model, and so does every counter
 * of {@code stats()}. Heartbeats are held to the README's promises rather than to one timing:
 * nobody is closed as idle who was heard from within the idle timeout or was not pinged a second
 * before, and nobody silent stays open a second past it. At the end the hub shuts down and every
 * "success send" is checked against what the receiver's connection really wrote.
 */
@AddLifecycleHook(FuzzSettings.class)
class HubModelTest {

  @Property(tries = 500)
  void replaceAgreesWithTheModel(@ForAll("replace") ActionChain<HubModel> chain) {
    run(chain);
  }

  @Property(tries = 500)
  void rejectNewAgreesWithTheModel(@ForAll("rejectNew") ActionChain<HubModel> chain) {
    run(chain);
  }

  @Property(tries = 500)
  void multiAgreesWithTheModel(@ForAll("multi") ActionChain<HubModel> chain) {
    run(chain);
  }

  private static void run(ActionChain<HubModel> chain) {
    HubModel world = chain.withInvariant("the hub agrees with the model", HubModel::agrees).run();
    world.shutDownAndCheckEveryReceipt();
  }

  @Provide
  Arbitrary<ActionChain<HubModel>> replace() {
    return stories(DuplicateIdPolicy.REPLACE);
  }

  @Provide
  Arbitrary<ActionChain<HubModel>> rejectNew() {
    return stories(DuplicateIdPolicy.REJECT_NEW);
  }

  @Provide
  Arbitrary<ActionChain<HubModel>> multi() {
    return stories(DuplicateIdPolicy.MULTI);
  }

  private static Arbitrary<ActionChain<HubModel>> stories(DuplicateIdPolicy policy) {
    Arbitrary<Integer> who = Arbitraries.integers().between(0, 50);
    Arbitrary<Long> id = Arbitraries.of(HubModel.IDS);
    Arbitrary<String> room = Arbitraries.of(HubModel.ROOMS);
    return ActionChain.startWith(() -> new HubModel(policy))
        .withAction(7, step(Combinators.combine(Arbitraries.of(1L, 2L, 3L, 4L), Arbitraries.of(1, 2, 3, 1000),
            Arbitraries.of(true, true, true, false), Arbitraries.integers().between(0, 11)).as((i, capacity, pongs, bug) ->
            describe("connect " + i + " (queue " + capacity + (pongs ? "" : ", no pongs") + (bug == 0 ? ", broken port" : "")
                + ")", w -> w.connect(i, capacity, pongs, bug == 0)))))
        .withAction(6, step(Combinators.combine(who, id, Arbitraries.integers().between(0, 2)).as(
            (k, to, form) -> describe("SEND to " + to, w -> w.send(k, to, form)))))
        .withAction(2, step(who.map(k -> describe("BROADCAST", w -> w.broadcast(k)))))
        .withAction(3, step(Combinators.combine(who, room).as((k, r) -> describe("JOIN " + r, w -> w.join(k, r)))))
        .withAction(2, step(Combinators.combine(who, room).as((k, r) -> describe("LEAVE " + r, w -> w.leave(k, r)))))
        .withAction(3, step(Combinators.combine(who, room).as((k, r) -> describe("ROOM " + r, w -> w.roomMessage(k, r)))))
        .withAction(1, step(Combinators.combine(who, room).as((k, r) -> describe("PRESENCE " + r, w -> w.askMembers(k, r)))))
        .withAction(1, step(Combinators.combine(who, id).as((k, i) -> describe("PRESENCE of " + i, w -> w.askOnline(k, i)))))
        .withAction(1, step(Combinators.combine(who, Arbitraries.integers().between(0, HubModel.BAD_FRAMES.size())).as(
            (k, bad) -> describe("a bad frame", w -> w.badFrame(k, bad)))))
        .withAction(1, step(who.map(k -> describe("CLOSE", w -> w.closeFrame(k)))))
        .withAction(1, step(Combinators.combine(who, Arbitraries.of(CloseCodes.NORMAL, 1006)).as(
            (k, code) -> describe("the socket closes (" + code + ")", w -> w.socketCloses(k, code)))))
        .withAction(1, step(who.map(k -> describe("the socket vanishes", w -> w.vanish(k)))))
        .withAction(1, step(Combinators.combine(who, Arbitraries.of(1002, 1003, 1007, 1006)).as(
            (k, code) -> describe("a protocol error (" + code + ")", w -> w.protocolError(k, code)))))
        .withAction(2, step(who.map(k -> describe("stops reading", w -> w.stall(k)))))
        .withAction(1, step(who.map(k -> describe("the port breaks", w -> w.breakPort(k)))))
        .withAction(2, step(who.map(k -> describe("reads again", w -> w.resume(k)))))
        .withAction(1, step(who.map(k -> describe("a late frame", w -> w.lateFrame(k)))))
        .withAction(4, step(Arbitraries.of(100L, 500L, 900L, 1000L, 3000L, 9000L, 10_000L, 11_000L, 25_000L).map(ms ->
            describe("time passes: " + ms + " ms", w -> w.tick(ms)))))
        .withAction(1, step(id.map(i -> describe("the server sends to " + i, w -> w.serverSends(i)))))
        .withAction(1, step(Arbitraries.just(describe("the server broadcasts", HubModel::serverBroadcasts))))
        .withAction(1, step(Combinators.combine(id, room).as((i, r) -> describe("the server joins " + i + " to " + r,
            w -> w.serverJoins(i, r)))))
        .withAction(1, step(Combinators.combine(id, room).as((i, r) -> describe("the server takes " + i + " out of " + r,
            w -> w.serverLeaves(i, r)))))
        .withAction(1, step(Combinators.combine(room, id.injectNull(0.5)).as((r, except) -> describe(
            "the server sends to room " + r + (except == null ? "" : " but " + except), w -> w.serverSendsToRoom(r, except)))))
        .withMaxTransformations(Integer.getInteger(FuzzSettings.STEPS, 60));
  }

  private static Transformer<HubModel> describe(String what, Consumer<HubModel> change) {
    return Transformer.mutate(what, change);
  }

  private static Action.Independent<HubModel> step(Arbitrary<Transformer<HubModel>> transformers) {
    return () -> transformers;
  }

}
