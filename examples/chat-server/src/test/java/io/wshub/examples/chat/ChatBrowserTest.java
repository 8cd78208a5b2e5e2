package io.wshub.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The chat page in a real browser (headless Chromium) against a running chat server: two
 * windows, users 1 and 2, chat as people would.
 *
 * <p>With {@code -Dwshub.screenshot=true} it also saves user 1's window after the conversation
 * as {@code screenshot.png} in the module's directory, the picture the README shows.
 */
class ChatBrowserTest {

  private ChatServer chat;
  private ChromeDriver browser;

  @RegisterExtension
  final ScreenshotOnFailure screenshotOnFailure = new ScreenshotOnFailure(() -> browser);

  @BeforeEach
  void start(@TempDir Path profile) throws Exception {
    Browser.assumeInstalled();
    chat = ChatServer.start("127.0.0.1", 0);
    browser = Browser.start(profile);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (chat != null) {
      chat.stop();
    }
  }

  @Test
  void twoUsersChatBothWaysBroadcastAndSeeWhoIsNotOnline() throws Exception {
    ChatPage one = ChatPage.open(browser, chat.uri()).connectAs(1);
    ChatPage two = ChatPage.openInNewWindow(browser, chat.uri()).connectAs(2);
    awaitOnline(2);

    one.sendTo(2, "Hi 2! Lunch at noon?");
    two.waitForMessageFrom(1, "Hi 2! Lunch at noon?");
    one.waitForReceipt("Hi 2! Lunch at noon?", "success send");

    two.sendTo(1, "Sounds good, see you there.");
    one.waitForMessageFrom(2, "Sounds good, see you there.");
    two.waitForReceipt("Sounds good, see you there.", "success send");

    one.sendToEveryone("Hello everyone!");
    one.waitForBroadcast("you", "Hello everyone!");
    two.waitForBroadcast("1", "Hello everyone!");

    one.sendTo(99, "Are you there, 99?");
    one.waitForReceipt("Are you there, 99?", "not online");

    if (Boolean.getBoolean("wshub.screenshot")) {
      Path picture = Path.of(System.getProperty("basedir", ".")).resolve("screenshot.png");
      Files.write(picture, one.screenshot());
      System.out.println("saved " + picture.toAbsolutePath());
    }
  }

  @Test
  void twoUsersInARoomSeeEachOtherAndTheirMessagesAndAThirdOutsideSeesNothing() {
    ChatPage one = ChatPage.open(browser, chat.uri()).connectAs(1);
    ChatPage two = ChatPage.openInNewWindow(browser, chat.uri()).connectAs(2);
    ChatPage three = ChatPage.openInNewWindow(browser, chat.uri()).connectAs(3);
    awaitOnline(3);

    one.joinRoom("lunch");
    one.waitForMembers(1);
    two.joinRoom("lunch");
    two.waitForMembers(1, 2);
    one.waitForMembers(1, 2); // kept current from the presence event

    one.sendToRoom("Pizza at noon?");
    one.waitForRoomMessage("you", "lunch", "Pizza at noon?");
    two.waitForRoomMessage("1", "lunch", "Pizza at noon?");
    two.sendToRoom("Yes!");
    one.waitForRoomMessage("2", "lunch", "Yes!");

    // Three is in no room: a broadcast after the room's messages arrives, and they never did.
    two.sendToEveryone("Anyone else hungry?");
    three.waitForBroadcast("2", "Anyone else hungry?");
    assertThat(three.shows("Pizza at noon?")).isFalse();
    assertThat(three.shows("Yes!")).isFalse();
    assertThat(three.members()).isEmpty();

    two.leaveRoom();
    one.waitForMembers(1);
    assertThat(two.members()).isEmpty();
  }

  @Test
  void takesIdsFromOneTo2Pow63Minus1Exactly() {
    ChatPage page = ChatPage.open(browser, chat.uri());

    assertThat(page.connectRefused("0")).contains("1 to 9223372036854775807");
    assertThat(page.connectRefused("9223372036854775808")).contains("1 to 9223372036854775807");
    assertThat(page.connectRefused("12a")).contains("1 to 9223372036854775807");
    assertThat(page.statusState()).isEqualTo("offline");

    // The largest id is beyond what a JavaScript number holds exactly: the page must keep it whole.
    long max = Long.MAX_VALUE;
    page.connectAs(max);
    page.sendTo(max, "note to self");
    page.waitForMessageFrom(max, "note to self");
    page.waitForReceipt("note to self", "success send");
  }

  @Test
  void reconnectsWhenTheServerComesBack() throws Exception {
    ChatPage one = ChatPage.open(browser, chat.uri()).connectAs(1).joinRoom("lunch");
    int port = chat.port();

    chat.stop(); // the page gets 1001, which is worth retrying
    one.waitForStatus("waiting");
    chat = ChatServer.start("127.0.0.1", port);

    one.waitForStatus("online");
    awaitOnline(1);
    one.waitForRoom("lunch"); // rooms belong to a connection: the new one joins again
    one.waitForMembers(1);
  }

  @Test
  void disconnectsWhenAskedAndCanConnectAgain() {
    ChatPage one = ChatPage.open(browser, chat.uri()).connectAs(1);
    awaitOnline(1);

    one.disconnect(); // CLOSE, answered with 1000: no reconnect
    assertThat(one.statusText()).isEqualTo("Not connected");
    new FluentWait<>(chat.hub())
        .withTimeout(Duration.ofSeconds(10))
        .pollingEvery(Duration.ofMillis(20))
        .until(hub -> !hub.isOnline(1L).join());

    one.connectAs(1);
    awaitOnline(1);
  }

  @Test
  void aNewerConnectionForTheSameIdEndsTheOldOneForGood() {
    ChatPage first = ChatPage.open(browser, chat.uri()).connectAs(1);

    ChatPage.openInNewWindow(browser, chat.uri()).connectAs(1);

    first.waitForStatus("closed"); // 4000: reconnecting would only take the id back and forth
    assertThat(first.statusText()).contains("this id connected somewhere else (4000");
  }

  /**
   * wshub.js on its own, as a user's page would use it: imported from the server, two clients
   * in one page, every promise and event of its API checked against the real hub.
   */
  @Test
  void theClientModuleAnswersReceiptsRoomsPresenceAndCloseReasons() {
    ChatPage.open(browser, chat.uri());
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));

    Object result = browser.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        (async () => {
          const { connect } = await import(new URL('wshub.js', document.baseURI).href);
          const log = [];
          const a = connect(11, { maxFrameBytes: 4096 });
          const b = connect('12', { maxFrameBytes: 4096 });
          const got = (client, type, test) => new Promise((resolve) => {
            const off = client.on(type, (e) => { if (test(e)) { off(); resolve(e); } });
          });
          await Promise.all([a.whenOpen(), b.whenOpen()]);
          // The page is open once the handshake is done; the hub registers the id a moment later.
          while (!(await a.isOnline(12))) await new Promise((r) => setTimeout(r, 20));
          const fromA = got(b, 'message', (m) => m.type === 1);
          log.push('send 12: ' + await a.send(12, 'hi 12'));
          const m = await fromA;
          log.push('12 got: ' + m.sender + ' ' + m.content);
          log.push('send 99: ' + await a.send('99', 'anyone?'));
          log.push('online 99: ' + await a.isOnline(99));
          // Receipts in order per receiver: three at once, answered in the order sent.
          log.push('three: ' + (await Promise.all([a.send(12, '1'), a.send(99, '2'), a.send(12, '3')])).join(','));
          const max = 9223372036854775807n;
          const own = connect(max, { maxFrameBytes: 4096 });
          await own.whenOpen();
          while (!(await own.isOnline(max))) await new Promise((r) => setTimeout(r, 20));
          log.push('send max: ' + await own.send(max, 'note to self'));
          own.close();

          const all = got(b, 'message', (m) => m.type === 3);
          a.broadcast('hello all');
          log.push('broadcast: ' + (await all).content);

          await a.join('lunch');
          const joinedSeen = got(a, 'presence', (e) => !e.self);
          await b.join('lunch');
          const joined = await joinedSeen;
          log.push('presence: ' + joined.id + (joined.joined ? ' joined ' : ' left ') + joined.room);
          log.push('members: ' + JSON.stringify(await a.members('lunch')));
          const inRoom = got(b, 'message', (m) => m.type === 7);
          a.sendToRoom('lunch', 'pizza?');
          const r = await inRoom;
          log.push('room: ' + r.sender + ' ' + r.room + ' ' + r.content);
          const leftSeen = got(a, 'presence', (e) => !e.self && !e.joined);
          await b.leave('lunch');
          log.push('left: ' + (await leftSeen).id);
          log.push('members after: ' + JSON.stringify(await a.members('lunch')));
          try { a.broadcast('x'.repeat(5000)); } catch (e) { log.push('too large: ' + e.name); }

          const closeSeen = got(a, 'close', () => true);
          const again = connect(11);
          const c = await closeSeen;
          log.push('close: ' + c.code + ' ' + c.final + ' ' + c.description.split(' (')[0]);
          log.push('after close: ' + await a.send(12, 'late').catch((e) => e.message));
          again.close();
          b.close();
          done(log.join('\\n'));
        })().catch((e) => done('failed: ' + e + '\\n' + e.stack));
        """);

    assertThat(String.valueOf(result).lines()).containsExactly(
        "send 12: true",
        "12 got: 11 hi 12",
        "send 99: false",
        "online 99: false",
        "three: true,false,true",
        "send max: true",
        "broadcast: hello all",
        "presence: 12 joined lunch",
        "members: [\"11\",\"12\"]",
        "room: 11 lunch pizza?",
        "left: 12",
        "members after: [\"11\"]",
        "too large: RangeError",
        "close: 4000 true this id connected somewhere else",
        "after close: not connected");
  }

  /** The README's wshub.js snippet, as it stands there, against the running chat with 2 online. */
  @Test
  void theReadmesClientSnippetRuns() throws Exception {
    ChatPage.open(browser, chat.uri()).connectAs(2);
    awaitOnline(2);
    String readme = Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("../../README.md"));
    String section = readme.substring(readme.indexOf("## In the browser (wshub.js)"));
    String snippet = section.substring(section.indexOf("```js\n") + 6, section.indexOf("```\n", section.indexOf("```js\n") + 6));
    String imports = "import { connect } from './wshub.js';";
    assertThat(snippet).startsWith(imports);
    // A script run through WebDriver is no module: the same import, dynamic.
    String body = "const { connect } = await import(new URL('wshub.js', document.baseURI).href);"
        + snippet.substring(imports.length()) + "return { delivered, ids, online };";
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));

    Object result = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "(async () => {" + body + "})().then((r) => done(JSON.stringify(r)), (e) => done('failed: ' + e));");

    assertThat(result).isEqualTo("{\"delivered\":true,\"ids\":[\"1\"],\"online\":true}");
  }

  /** The page is open once the handshake is done; the hub registers the id a moment later. */
  private void awaitOnline(long id) {
    new FluentWait<>(chat.hub())
        .withTimeout(Duration.ofSeconds(10))
        .pollingEvery(Duration.ofMillis(20))
        .until(hub -> hub.isOnline(id).join());
  }
}
