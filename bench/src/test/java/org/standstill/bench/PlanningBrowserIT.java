package org.standstill.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.microsoft.playwright.Locator;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planning page in headless Chromium: a coordinator plans a day with its zones from an uploaded GeoJSON file,
 * opens it, and issues invite codes shown as a printable list; a printed code lets a reporter join, and so does its QR
 * code, which holds the invite link at the public URL (STANDSTILL_PUBLIC_URL).
 */
class PlanningBrowserIT extends BrowserTest {

    static final double WAIT_MS = 15_000;
    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");


    @Test
    void aCoordinatorPlansADayWithZonesFromAFile_opensIt_andPrintsInviteCodesThatWork() {
        String dayId = "may-day-" + UUID.randomUUID().toString().substring(0, 6);
        LocalDate date = LocalDate.now(CHICAGO).plusDays(7);
        byte[] zones = Api.JSON.writeValueAsString(Map.of("type", "FeatureCollection",
                "features", List.of(StaffClient.DOWNTOWN, StaffClient.LAKE_STREET))).getBytes(StandardCharsets.UTF_8);

        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = laptop.newPage();
            page.onDialog(dialog -> dialog.accept());
            page.navigate(platform.queryUrl().resolve("/plan.html").toString());
            page.fill("[data-testid=token-input]", staff.coordinator);
            page.click("[data-testid=signin-submit]");
            page.waitForSelector("[data-testid=planning]");

            page.fill("[data-testid=plan-name]", "May Day 2026");
            page.fill("[data-testid=plan-city]", "Minneapolis–St Paul");
            page.fill("[data-testid=plan-timezone]", "America/Chicago");
            page.fill("[data-testid=plan-date]", date.toString());
            page.fill("[data-testid=plan-start]", "06:00");
            page.fill("[data-testid=plan-end]", "23:30");
            page.fill("[data-testid=plan-id]", dayId);
            page.setInputFiles("[data-testid=zones-file]", new FilePayload("zones.geojson", "application/geo+json", zones));
            page.waitForSelector("[data-testid=zone-name] >> nth=1");
            page.click("[data-testid=plan-submit]");
            page.waitForSelector("[data-testid=day-panel][data-day-id='" + dayId + "'][data-status=PLANNED]",
                    new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));

            JsonNode day = staff.query.get("/api/days/" + dayId, staff.coordinator).body();
            assertThat(day.path("startsAt").asString()).isEqualTo(date.atTime(LocalTime.of(6, 0)).atZone(CHICAGO).toInstant().toString());
            assertThat(day.path("endsAt").asString()).isEqualTo(date.atTime(LocalTime.of(23, 30)).atZone(CHICAGO).toInstant().toString());
            assertThat(staff.query.get("/api/days/" + dayId + "/zones", staff.coordinator).body().path("features").valueStream()
                    .map(f -> f.path("properties").path("name").asString()).toList())
                    .containsExactlyInAnyOrder("Downtown", "Lake Street");

            page.click("[data-testid=open-day]");
            page.waitForSelector("[data-testid=day-panel][data-status=LIVE]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.fill("[data-testid=invite-count]", "3");
            page.click("[data-testid=invite-submit]");
            page.waitForSelector("[data-testid=invite-code-item] >> nth=2", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            Chromium.screenshot(page, "planning");
            page.emulateMedia(new Page.EmulateMediaOptions().setMedia(com.microsoft.playwright.options.Media.PRINT));
            Chromium.screenshot(page, "planning-invites-print");

            String code = page.locator("[data-testid=invite-code-item]").first().getAttribute("data-code");
            Api.Answer joined = staff.command.post("/api/join", null, Map.of("code", code));
            assertThat(joined.status()).as(joined.raw()).isEqualTo(201);
            assertThat(joined.body().path("dayId").asString()).isEqualTo(dayId);
        }
    }

    @Test
    void aCoordinatorCreatesACampaign_andPlansADayIntoIt() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String campaign = "may-day-national-" + suffix;
        String dayId = "may-day-boston-" + suffix;
        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = laptop.newPage();
            page.navigate(platform.queryUrl().resolve("/plan.html").toString());
            page.fill("[data-testid=token-input]", staff.coordinator);
            page.click("[data-testid=signin-submit]");
            page.waitForSelector("[data-testid=planning]");

            page.fill("[data-testid=campaign-name-input]", "May Day 2026 " + suffix);
            page.fill("[data-testid=campaign-id-input]", campaign);
            page.click("[data-testid=campaign-submit]");
            page.waitForFunction("id => document.querySelector('[data-testid=plan-campaign]').value === id", campaign,
                    new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));

            page.fill("[data-testid=plan-name]", "May Day in Boston");
            page.fill("[data-testid=plan-city]", "Boston");
            page.fill("[data-testid=plan-timezone]", "America/New_York");
            page.fill("[data-testid=plan-date]", LocalDate.now(CHICAGO).plusDays(7).toString());
            page.fill("[data-testid=plan-id]", dayId);
            page.click("[data-testid=plan-submit]");
            page.waitForSelector("[data-testid=day-panel][data-day-id='" + dayId + "'][data-status=PLANNED]",
                    new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            JsonNode day = staff.query.get("/api/days/" + dayId, staff.coordinator).body();
            assertThat(day.path("campaignId").asString()).isEqualTo(campaign);

            // The same id again: the server's 409 is shown, and nothing is created.
            page.fill("[data-testid=campaign-name-input]", "Again");
            page.fill("[data-testid=campaign-id-input]", campaign);
            page.click("[data-testid=campaign-submit]");
            page.waitForSelector("[data-testid=notice][data-kind=error]:not([hidden])",
                    new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        }
    }

    @Test
    void theInviteSheetsQrCodes_decodeToTheInviteLinksAtThePublicUrl_andAPhoneJoinsByFollowingOne() throws Exception {
        String dayId = staff.openDay("qr");
        String publicUrl = staff.query.get("/api/config", null).body().path("publicUrl").asString();
        assertThat(publicUrl).as("the test platform's public URL").isEqualTo("http://127.0.0.1:" + platform.queryUrl().getPort());
        String link;
        String code;
        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                .setDeviceScaleFactor(2))) {
            Page page = laptop.newPage();
            page.navigate(platform.queryUrl().resolve("/plan.html?day=" + dayId).toString());
            page.fill("[data-testid=token-input]", staff.coordinator);
            page.click("[data-testid=signin-submit]");
            page.waitForSelector("[data-testid=day-panel][data-day-id='" + dayId + "'][data-status=LIVE]",
                    new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.fill("[data-testid=invite-count]", "2");
            page.click("[data-testid=invite-submit]");
            page.waitForSelector("[data-testid=invite-qr] >> nth=1", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));

            assertThat(page.locator("[data-testid=invite-join-url]").textContent()).isEqualTo(publicUrl + "/report.html");
            assertThat(page.locator("[data-testid=invite-local-warning]").isHidden())
                    .as("no localhost warning when a public URL is set").isTrue();
            Locator items = page.locator("[data-testid=invite-code-item]");
            assertThat(items.count()).isEqualTo(2);
            for (int i = 0; i < items.count(); i++) {
                Locator item = items.nth(i);
                String itemCode = item.getAttribute("data-code");
                String expected = publicUrl + "/report.html?code=" + itemCode;
                assertThat(item.locator("[data-testid=invite-link]").textContent()).isEqualTo(expected);
                assertThat(decodeQr(item.locator("[data-testid=invite-qr]")))
                        .as("the QR code of " + itemCode).isEqualTo(expected);
            }
            Chromium.screenshot(page, "planning-invite-sheet-qr");
            code = items.first().getAttribute("data-code");
            link = decodeQr(items.first().locator("[data-testid=invite-qr]"));
        }

        // A reporter's phone follows the link its camera read: the page opens with the code, and the phone joins.
        try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                .setIsMobile(true).setHasTouch(true))) {
            Page page = phone.newPage();
            page.navigate(link);
            // The page fills the code in once its language's messages have loaded.
            page.waitForFunction("code => document.querySelector('[data-testid=invite-code]').value === code", code,
                    new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            assertThat(page.inputValue("[data-testid=invite-code]")).isEqualTo(code);
            page.click("[data-testid=join-submit]");
            page.waitForSelector("[data-testid=reporter]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            Chromium.screenshot(page, "reporter-joined-by-qr-code");
        }
        Api.Answer again = staff.command.post("/api/join", null, Map.of("code", code));
        assertThat(again.status()).as("the code was used by the phone: " + again.raw()).isNotEqualTo(201);
    }

    /**
     * The text of a QR code on the page, read by ZXing from a screenshot of it, as a phone's camera would: looked at
     * again for a few seconds while it cannot be read (a screenshot taken while the sheet is still being laid out).
     */
    static String decodeQr(Locator qr) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                return decodeQr(qr.screenshot());
            } catch (NotFoundException | ChecksumException | FormatException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** The text of the QR code in a PNG screenshot, read by ZXing. */
    static String decodeQr(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        try {
            return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (NotFoundException | ChecksumException | FormatException e) {
            // the screenshot is the code alone, in its white margin: read it as such
            return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
        }
    }
}
