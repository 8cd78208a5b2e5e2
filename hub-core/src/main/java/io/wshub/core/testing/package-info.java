/**
 * The test kit: a {@link io.wshub.core.Hub} that runs on the test's own thread with virtual time,
 * and fake clients that record what the hub sends them. Unit tests of routing rules and
 * server-side sends run in milliseconds, without sockets and without sleeping.
 *
 * <pre>{@code
 * TestHub<Long> hub = TestHub.create(Hub.builder());
 * TestClient<Long> alice = hub.connect(1L);
 * TestClient<Long> bob = hub.connect(2L);
 * alice.send("{\"type\":1,\"receiver\":2,\"content\":\"hi\"}");
 * assertThat(bob.frames()).containsExactly("{\"sender\":1,\"type\":1,\"receiver\":2,\"content\":\"hi\"}");
 * hub.advance(Duration.ofSeconds(11));   // no pong for 10 s
 * assertThat(bob.closeCode()).hasValue(1001);
 * }</pre>
 *
 * <p>Rooms read the same way: {@code alice.join("lobby")}, {@code alice.sendToRoom("lobby", "hi")},
 * {@code hub.members("lobby")}, and {@link io.wshub.core.testing.SystemFrames} writes the frames the
 * hub sends ({@code joined}, {@code left}, {@code members}, receipts and errors) to compare with.
 *
 * <p>The kit depends on nothing but hub-core: use it with any test framework.
 */
package io.wshub.core.testing;
