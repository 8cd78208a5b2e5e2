package io.wshub.examples.chat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;

/**
 * When a test fails, saves what every browser window showed, and its HTML, under
 * {@code target/browser-failures/}: a browser test's failure is easier to read in a picture.
 * Runs before {@code @AfterEach}, while the browser is still open.
 */
final class ScreenshotOnFailure implements AfterTestExecutionCallback {

  private final Supplier<WebDriver> driver;

  ScreenshotOnFailure(Supplier<WebDriver> driver) {
    this.driver = driver;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) throws IOException {
    WebDriver browser = driver.get();
    if (context.getExecutionException().isEmpty() || browser == null) {
      return;
    }
    Path dir = Browser.TARGET.resolve("browser-failures");
    Files.createDirectories(dir);
    String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
    List<String> windows = List.copyOf(browser.getWindowHandles());
    for (int i = 0; i < windows.size(); i++) {
      try {
        browser.switchTo().window(windows.get(i));
        Path file = dir.resolve(name + "-window" + (i + 1));
        Files.write(file.resolveSibling(file.getFileName() + ".png"),
            ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        Files.writeString(file.resolveSibling(file.getFileName() + ".html"), browser.getPageSource());
        System.err.println("browser test failed; window " + (i + 1) + " saved as " + file + ".png");
      } catch (WebDriverException e) {
        System.err.println("could not save window " + (i + 1) + ": " + e.getMessage());
      }
    }
  }
}
