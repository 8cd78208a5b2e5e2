package io.wshub.examples.chat;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser test: Debian's {@code chromium} and {@code chromium-driver}
 * packages, found at fixed paths (or {@code -Dwshub.chromium=...}, {@code -Dwshub.chromedriver=...}).
 * Both paths are given to Selenium, so Selenium Manager never looks for, or downloads, a browser.
 */
final class Browser {

  static final Path CHROMIUM = Path.of(System.getProperty("wshub.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("wshub.chromedriver", "/usr/bin/chromedriver"));

  /** The module's target directory: surefire runs the tests with {@code basedir} set. */
  static final Path TARGET = Path.of(System.getProperty("basedir", ".")).resolve("target");

  private Browser() {}

  /**
   * Skips the calling test when Chromium or its driver is missing, so {@code mvn verify} works on
   * a machine without them; on CI ({@code CI=true}) that is a failure: the test must really run.
   */
  static void assumeInstalled() {
    for (Path program : new Path[] {CHROMIUM, CHROMEDRIVER}) {
      if (!Files.isExecutable(program)) {
        String message = "the browser test needs " + program + ": install Debian's chromium and "
            + "chromium-driver (apt-get install chromium chromium-driver)";
        if ("true".equals(System.getenv("CI"))) {
          fail(message + "; CI=true, where skipping it is not allowed");
        }
        assumeTrue(false, message + "; skipped");
      }
    }
  }

  /** Starts a headless Chromium with a fresh profile in {@code profile}, its window 1000x700. */
  static ChromeDriver start(Path profile) throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox", // root in a container has no user namespace for the sandbox
        "--disable-gpu",
        "--disable-dev-shm-usage", // containers often have a tiny /dev/shm
        // Without these Chromium keeps calling home, which on a closed network only costs time.
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=1000,700");
    Files.createDirectories(TARGET);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withLogFile(new File(TARGET.toFile(), "chromedriver.log"))
        .build();
    return new ChromeDriver(service, options);
  }
}
