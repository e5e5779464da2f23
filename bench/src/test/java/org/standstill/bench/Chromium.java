package org.standstill.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium driven by Playwright, for the browser tests. Playwright must not download a browser of its
 * own (that fails here): it drives {@code /usr/bin/chromium}, and a machine without it fails the tests with a message
 * that says how to install it; it never skips them.
 */
final class Chromium implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking");

    final Playwright playwright;

    private Chromium(Playwright playwright) {
        this.playwright = playwright;
    }

    /** Starts Playwright, or fails with how to install Chromium. */
    static Chromium start() {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new AssertionError("The browser tests need Debian's Chromium at " + EXECUTABLE + ", which is missing. "
                    + "Install it with: apt-get update && apt-get install -y chromium   (.ci/run does this on CI)");
        }
        return new Chromium(Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))));
    }

    BrowserType.LaunchOptions launchOptions() {
        return new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(ARGS);
    }

    Browser launch() {
        return playwright.chromium().launch(launchOptions());
    }

    /**
     * A browser with a profile kept in {@code profile}: closing it and launching it again is closing the browser and
     * opening it again, with its IndexedDB and localStorage.
     */
    BrowserContext launchPersistent(Path profile, BrowserType.LaunchPersistentContextOptions options) {
        return playwright.chromium().launchPersistentContext(profile, options.setExecutablePath(EXECUTABLE)
                .setHeadless(true).setArgs(ARGS));
    }

    /** Saves a full-page screenshot as {@code bench/target/screenshots/<name>.png}, and answers its path. */
    static Path screenshot(Page page, String name) {
        Path directory = Platform.home().resolve("bench").resolve("target").resolve("screenshots");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = directory.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Override
    public void close() {
        playwright.close();
    }
}
