package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.testing.FakeClientPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Rooms on the hub's own thread with transport threads at once: joins, leaves, room messages and
 * disconnects (each followed by a fresh connection of the id). Afterwards the hub's membership
 * is what each connection was told, every event is consistent with it, and nobody received a
 * room's message while outside the room, or one twice.
 */
class RoomsConcurrencyTest {

  private static final int THREADS = 4;
  private static final int CLIENTS_PER_THREAD = 10;
  private static final int OPS_PER_THREAD = 3_000;
  private static final String[] ROOMS = {"r0", "r1", "r2", "r3"};
  private static final Pattern NOTICE = Pattern.compile(
      "\\{\"type\":2,\"sender\":0,\"receiver\":(\\d+),\"room\":\"(r\\d)\",\"content\":\"(joined|left)\"}");
  private static final Pattern ROOM_MESSAGE = Pattern.compile("\"room\":\"(r\\d)\",\"content\":\"(m-[0-9-]+)\"");

  /** One connection's port, with its id: an id has several over the run. */
  private record Port(long id, FakeClientPort port) {}

  @Test
  void joinsLeavesRoomMessagesAndDisconnectsAtOnceAgreeAfterwards() throws Exception {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    Hub<Long> hub = Hub.builder().listener(new HubListener<>() {
      @Override
      public void onJoin(Long id, String room, boolean firstOfId) {
        events.add(id + " " + room + " +" + (firstOfId ? "first" : ""));
      }

      @Override
      public void onLeave(Long id, String room, boolean lastOfId) {
        events.add(id + " " + room + " -" + (lastOfId ? "last" : ""));
      }
    }).build();
    List<Port> allPorts = Collections.synchronizedList(new ArrayList<>());
    Map<Long, Port> live = new java.util.concurrent.ConcurrentHashMap<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      work.add(threads.submit(() -> {
        Map<Long, Connection<Long>> mine = new HashMap<>();
        for (long id = 1 + thread * CLIENTS_PER_THREAD; id <= (thread + 1) * CLIENTS_PER_THREAD; id++) {
          mine.put(id, connect(hub, id, allPorts, live));
        }
        go.await();
        SplittableRandom random = new SplittableRandom(thread);
        for (int op = 0; op < OPS_PER_THREAD; op++) {
          long id = 1 + thread * CLIENTS_PER_THREAD + random.nextInt(CLIENTS_PER_THREAD);
          String room = ROOMS[random.nextInt(ROOMS.length)];
          int what = random.nextInt(100);
          if (what < 35) {
            mine.get(id).receive("{\"type\":5,\"room\":\"" + room + "\"}");
          } else if (what < 60) {
            mine.get(id).receive("{\"type\":6,\"room\":\"" + room + "\"}");
          } else if (what < 97) {
            mine.get(id).receive("{\"type\":7,\"room\":\"" + room + "\",\"content\":\"m-" + id + "-" + op + "\"}");
          } else {
            mine.get(id).closed(CloseCodes.GOING_AWAY, "gone");
            mine.put(id, connect(hub, id, allPorts, live));
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> each : work) {
      each.get(60, TimeUnit.SECONDS);
    }
    hub.stats().get(30, TimeUnit.SECONDS); // after every command above
    threads.shutdown();

    // Each live connection was told when it joined and left: that is the hub's membership.
    Map<String, Set<Long>> told = new HashMap<>();
    for (String room : ROOMS) {
      told.put(room, new TreeSet<>());
    }
    for (Port port : live.values()) {
      for (String room : inRoomsAtTheEnd(port)) {
        told.get(room).add(port.id());
      }
    }
    int inRooms = 0;
    for (String room : ROOMS) {
      assertThat(hub.members(room).get(5, TimeUnit.SECONDS)).as(room).containsExactlyElementsOf(told.get(room));
      inRooms += told.get(room).size();
    }
    assertThat(inRooms).as("the run left people in rooms").isPositive();

    // One connection per id at a time: every join is its id's first, every leave its last, and
    // per id and room they alternate, ending where the membership is.
    Map<String, Integer> balance = new HashMap<>();
    synchronized (events) {
      for (String event : events) {
        String[] parts = event.split(" ");
        String key = parts[0] + " " + parts[1];
        int delta = parts[2].startsWith("+") ? 1 : -1;
        assertThat(parts[2]).isIn("+first", "-last");
        int now = balance.merge(key, delta, Integer::sum);
        assertThat(now).as("%s after %s", key, event).isBetween(0, 1);
      }
    }
    for (String room : ROOMS) {
      for (long id = 1; id <= THREADS * CLIENTS_PER_THREAD; id++) {
        assertThat(balance.getOrDefault(id + " " + room, 0)).as("%d in %s", id, room)
            .isEqualTo(told.get(room).contains(id) ? 1 : 0);
      }
    }

    // Every connection, gone ones too: a room's messages only while in it, none twice, and the
    // others' presence in each room alternates joined/left.
    synchronized (allPorts) {
      for (Port port : allPorts) {
        Set<String> in = new HashSet<>();
        Set<String> seen = new HashSet<>();
        Map<String, Boolean> othersIn = new HashMap<>();
        for (String frame : port.port().frames()) {
          Matcher notice = NOTICE.matcher(frame);
          Matcher message = ROOM_MESSAGE.matcher(frame);
          if (notice.matches()) {
            long who = Long.parseLong(notice.group(1));
            String room = notice.group(2);
            boolean joined = notice.group(3).equals("joined");
            if (who == port.id()) {
              if (joined) {
                in.add(room);
              } else {
                in.remove(room);
                othersIn.keySet().removeIf(key -> key.endsWith(" " + room));
              }
            } else {
              assertThat(in).as("%d hears of %d in %s only while in it", port.id(), who, room).contains(room);
              Boolean before = othersIn.put(who + " " + room, joined);
              assertThat(before).as("%d: %s", port.id(), frame).isNotEqualTo(joined);
            }
          } else if (message.find()) {
            assertThat(in).as("%d got %s", port.id(), frame).contains(message.group(1));
            assertThat(seen.add(message.group(2))).as("%d got %s once", port.id(), frame).isTrue();
          }
        }
      }
    }
    hub.shutdown(Duration.ZERO).get(5, TimeUnit.SECONDS);
  }

  private static Connection<Long> connect(Hub<Long> hub, long id, List<Port> all, Map<Long, Port> live) {
    Port port = new Port(id, new FakeClientPort());
    all.add(port);
    live.put(id, port);
    return hub.connect(id, port.port());
  }

  /** The rooms a connection was in at the end, from what it was told about itself. */
  private static Set<String> inRoomsAtTheEnd(Port port) {
    Set<String> in = new HashSet<>();
    for (String frame : port.port().frames()) {
      Matcher notice = NOTICE.matcher(frame);
      if (notice.matches() && Long.parseLong(notice.group(1)) == port.id()) {
        if (notice.group(3).equals("joined")) {
          in.add(notice.group(2));
        } else {
          in.remove(notice.group(2));
        }
      }
    }
    return in;
  }
}
