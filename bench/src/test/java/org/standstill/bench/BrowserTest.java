package org.standstill.bench;

import com.microsoft.playwright.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every browser test class starts with: the test platform, a coordinator's client of it, and Debian's headless
 * Chromium, one of each for the class (a subclass's own {@code @BeforeAll} runs after this one's).
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {

    Platform platform;
    StaffClient staff;
    Chromium chromium;
    Browser browser;

    @BeforeAll
    void startBrowser(Platform platform) {
        this.platform = platform;
        staff = new StaffClient(platform);
        chromium = Chromium.start();
        browser = chromium.launch();
    }

    @AfterAll
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }
}
