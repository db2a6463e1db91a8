package org.siplims.launcher.page;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.siplims.launcher.api.OwnerSecret;
import org.siplims.launcher.testing.LauncherAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, kept off the internet: the driver and browser are
 * the system's (Selenium Manager never runs), every host name but the loopback ones resolves to
 * nothing, and the browser gets a fresh profile and a temporary HOME of its own.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    /** Generous for a 2-core CI machine, but bounded. */
    static final Duration WAIT = Duration.ofSeconds(60);

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path home;
    /** Launchers (host, port and secret) this browser has signed in to. */
    private final Set<String> signedIn = new HashSet<>();

    Browser(boolean javascript, int width, int height) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("Chromium or its driver is missing (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): run scripts/test-env (it installs chromium and chromium-driver).");
        }
        try {
            home = Files.createTempDirectory("siplims-browser-home-");
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                // Chromium writes to $HOME/.config and $HOME/.cache whatever its profile folder is.
                .withEnvironment(Map.of("HOME", home.toString()))
                .withLogFile(new File(SCREENSHOTS.getParent().toFile(), "chromedriver.log"))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
                "--user-data-dir=" + home.resolve("profile"),
                "--window-size=" + width + "," + height,
                "--lang=en-GB");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL")); // the console, for errors and CSP reports
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    Browser() {
        this(true, 1100, 900);
    }

    /**
     * Opens a page as the user who started the launcher: the first time this browser visits a
     * launcher (known to {@link LauncherAuth}), it goes through a one-time sign-in link first, as the
     * launcher's own browser start does; the cookie then serves every later visit.
     */
    void open(String url) {
        URI page = URI.create(url);
        Optional<OwnerSecret> secret = LauncherAuth.secret(page.getPort());
        String key = page.getHost() + ":" + page.getPort() + ":" + secret.map(s -> s.bearerHeader().hashCode()).orElse(0);
        if (secret.isPresent() && signedIn.add(key)) {
            driver.get(LauncherAuth.signInLink(page).orElseThrow().toString());
        }
        driver.get(url);
    }

    /** Opens a page without signing in: as another user's browser would. */
    void openWithoutSigningIn(String url) {
        driver.get(url);
    }

    WebElement element(String id) {
        return driver.findElement(By.id(id));
    }

    String text(String id) {
        return element(id).getText();
    }

    boolean visible(String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Waits (bounded) until the condition holds, failing with {@code what} and the page's headline. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return await(what, WAIT, condition);
    }

    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.withMessage(() -> "waiting for " + what + "; the page says: " + describe());
        return wait.until(condition);
    }

    /** Waits until the headline is exactly this text. */
    void awaitHeadline(String headline) {
        await("the headline '" + headline + "'", d -> headline.equals(text("headline")));
    }

    String describe() {
        try {
            return "[" + text("state") + "] " + text("headline") + " / " + text("message");
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Saves a PNG of the whole page under target/screenshots: the window is made as tall as the
     * page for the picture, then set back.
     */
    Path screenshot(String name) {
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        Number pageHeight = (Number) script("return Math.ceil(document.documentElement.scrollHeight);");
        Number chrome = (Number) script("return window.outerHeight - window.innerHeight;");
        int height = Math.min(4000, pageHeight.intValue() + Math.max(0, chrome.intValue()));
        try {
            if (height > before.getHeight()) {
                driver.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(), height));
            }
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, png);
            assertTrue(png.length > 1000, "a real picture: " + file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (height > before.getHeight()) {
                driver.manage().window().setSize(before);
            }
        }
    }

    /** The browser console's errors since the last call: script errors, refused loads, Content-Security-Policy reports. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getMessage()).toList();
    }

    /**
     * A PNG of the top of the page down to the end of the element with this id (plus a margin),
     * in a window this wide, under target/screenshots.
     */
    Path topScreenshot(String name, int width, String lastElementId) {
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, before.getHeight()));
            Number bottom = (Number) script("return Math.ceil(document.getElementById(arguments[0]).getBoundingClientRect().bottom"
                    + " + window.scrollY + 12);", lastElementId);
            Number chrome = (Number) script("return window.outerHeight - window.innerHeight;");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, bottom.intValue() + Math.max(0, chrome.intValue())));
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, png);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
