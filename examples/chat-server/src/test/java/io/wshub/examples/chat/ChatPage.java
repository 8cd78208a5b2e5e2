package io.wshub.examples.chat;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One browser window showing the chat page, driven as a person would: through the page's labelled
 * fields and buttons (found by their {@code data-testid}). Every method first brings its window to
 * the front, so several pages can share one browser.
 */
final class ChatPage {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final WebDriver driver;
  private final String window;
  private final WebDriverWait wait;

  private ChatPage(WebDriver driver, String window) {
    this.driver = driver;
    this.window = window;
    this.wait = new WebDriverWait(driver, TIMEOUT);
  }

  /** Opens the page in the browser's current window, showing 1000x700 pixels of it. */
  static ChatPage open(WebDriver driver, URI page) {
    driver.get(page.toString());
    showPixels(driver, 1000, 700);
    return new ChatPage(driver, driver.getWindowHandle());
  }

  /** Opens the page in a new window of the same browser. */
  static ChatPage openInNewWindow(WebDriver driver, URI page) {
    driver.switchTo().newWindow(WindowType.WINDOW);
    return open(driver, page);
  }

  /** Sizes the window so the page itself gets width x height: headless windows have a frame too. */
  private static void showPixels(WebDriver driver, int width, int height) {
    List<?> inner = (List<?>) ((JavascriptExecutor) driver)
        .executeScript("return [window.innerWidth, window.innerHeight];");
    Dimension outer = driver.manage().window().getSize();
    driver.manage().window().setSize(new Dimension(
        outer.width + width - ((Number) inner.get(0)).intValue(),
        outer.height + height - ((Number) inner.get(1)).intValue()));
  }

  ChatPage connectAs(long id) {
    front();
    type("my-id", String.valueOf(id));
    testId("connect").click();
    wait.until(d -> "online".equals(testId("status").getAttribute("data-state")));
    return this;
  }

  /** Tries to connect with {@code id} and returns the error the page shows instead. */
  String connectRefused(String id) {
    front();
    type("my-id", id);
    testId("connect").click();
    WebElement error = testId("my-id-error");
    wait.until(d -> !error.getText().isEmpty());
    return error.getText();
  }

  void sendTo(long id, String text) {
    front();
    testId("to-one").click();
    type("to", String.valueOf(id));
    type("message", text);
    testId("message").sendKeys("\n"); // Enter sends
  }

  void sendToEveryone(String text) {
    front();
    testId("to-everyone").click();
    type("message", text);
    testId("send").click();
  }

  /** Joins a room through the room box and waits until the page shows it is in it. */
  ChatPage joinRoom(String room) {
    front();
    type("room-name", room);
    testId("room-join").click();
    wait.until(d -> room.equals(testId("room-current").getText()));
    return this;
  }

  /** Waits until the page shows it is in {@code room}. */
  void waitForRoom(String room) {
    front();
    wait.until(d -> room.equals(testId("room-current").getText()));
  }

  /** Clicks Disconnect and waits until the page is offline. */
  void disconnect() {
    front();
    testId("disconnect").click();
    wait.until(d -> "offline".equals(testId("status").getAttribute("data-state")));
  }

  /** Leaves the room the page is in, and waits until it says so. */
  void leaveRoom() {
    front();
    testId("room-leave").click();
    wait.until(d -> "no room".equals(testId("room-current").getText()));
  }

  void sendToRoom(String text) {
    front();
    testId("to-room").click();
    type("message", text);
    testId("message").sendKeys("\n");
  }

  /** Waits until the room box lists exactly these ids, ascending. */
  void waitForMembers(long... ids) {
    front();
    List<String> expected = Arrays.stream(ids).mapToObj(Long::toString).toList();
    new WebDriverWait(driver, TIMEOUT)
        .withMessage(() -> "members " + expected + "; the page shows " + members())
        .until(d -> members().equals(expected));
  }

  /** The ids the room box lists, in its order. */
  List<String> members() {
    front();
    return driver.findElements(By.cssSelector("[data-testid=members] [data-testid=member]")).stream()
        .map(member -> member.getAttribute("data-id")).toList();
  }

  /** Waits for a message to the room; {@code who} as the page shows it: "you" or the sender's id. */
  void waitForRoomMessage(String who, String room, String text) {
    waitForEntry("room", who + " in " + room, text);
  }

  /** Whether the log shows any entry saying {@code text}. */
  boolean shows(String text) {
    front();
    return driver.findElements(By.cssSelector("#log [data-testid=entry] .text")).stream()
        .anyMatch(entry -> entry.getText().equals(text));
  }

  /** Waits for a message from {@code id} to this window's user. */
  void waitForMessageFrom(long id, String text) {
    waitForEntry("in", "from " + id, text);
  }

  /** Waits for a broadcast; {@code who} as the page shows it: "you" or the sender's id. */
  void waitForBroadcast(String who, String text) {
    waitForEntry("broadcast", who + " to everyone", text);
  }

  /** Waits until the message this window sent with {@code text} shows the receipt {@code receipt}. */
  void waitForReceipt(String text, String receipt) {
    WebElement sent = waitForEntry("out", null, text);
    wait.until(ExpectedConditions.textToBePresentInElement(
        sent.findElement(By.cssSelector("[data-testid=receipt]")), receipt));
  }

  String statusState() {
    front();
    return testId("status").getAttribute("data-state");
  }

  void waitForStatus(String state) {
    front();
    wait.until(d -> state.equals(testId("status").getAttribute("data-state")));
  }

  String statusText() {
    front();
    return testId("status").getText();
  }

  byte[] screenshot() {
    front();
    return ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
  }

  private WebElement waitForEntry(String kind, String who, String text) {
    front();
    By entries = By.cssSelector("#log [data-testid=entry][data-kind=" + kind + "]");
    return new WebDriverWait(driver, TIMEOUT).withMessage(() -> "a " + kind + " entry " + (who == null ? "" : "\"" + who + "\" ")
            + "saying \"" + text + "\"; the log shows: " + testId("log").getText())
        .until(d -> {
          List<WebElement> found = d.findElements(entries);
          for (WebElement entry : found) {
            if (entry.findElement(By.className("text")).getText().equals(text)
                && (who == null || entry.findElement(By.className("who")).getText().equals(who))) {
              return entry;
            }
          }
          return null;
        });
  }

  private void type(String testId, String text) {
    WebElement field = testId(testId);
    field.clear();
    field.sendKeys(text);
  }

  private WebElement testId(String testId) {
    return driver.findElement(By.cssSelector("[data-testid=" + testId + "]"));
  }

  private void front() {
    if (!window.equals(driver.getWindowHandle())) {
      driver.switchTo().window(window);
    }
  }
}
