package org.standstill.bench;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the run command tells about reaching the platform from phones, and where it sends their browsers. */
class RunCommandTest {

    @Test
    void phoneAddresses_areEachNetworkAddress_ipv4First_withoutLoopbackOrLinkLocal() throws Exception {
        List<String> urls = PhoneAddresses.urls(List.of(
                new PhoneAddresses.Local("lo", InetAddress.getByName("127.0.0.1")),
                new PhoneAddresses.Local("wlan0", InetAddress.getByName("fe80::1c2b:3ff:fe4d:5e6f")),
                new PhoneAddresses.Local("wlan0", InetAddress.getByName("2001:db8::20")),
                new PhoneAddresses.Local("eth0", InetAddress.getByName("203.0.113.7")),
                new PhoneAddresses.Local("wlan0", InetAddress.getByName("192.168.1.20"))), 8080);
        assertThat(urls).containsExactly("http://192.168.1.20:8080/   (wlan0)", "http://203.0.113.7:8080/   (eth0)",
                "http://[2001:db8:0:0:0:0:0:20]:8080/   (wlan0)");
    }

    @Test
    void theRunningMessage_namesThePhoneAddresses_andSuggestsThePublicUrl_whenNoneIsSet() {
        String message = Main.runningMessage("http://localhost:8080/", "http://localhost:8081", "admin-token-1234567",
                null, List.of("http://192.168.1.20:8080/   (wlan0)"));
        assertThat(message).contains("web UI           http://localhost:8080/")
                .contains("Phones and other computers on the same network can open:\n  http://192.168.1.20:8080/   (wlan0)")
                .contains("http://192.168.1.20:8080/report.html")
                .contains("STANDSTILL_PUBLIC_URL=http://192.168.1.20:8080 ./standstill")
                .doesNotContain("public URL  ");
    }

    @Test
    void theRunningMessage_showsThePublicUrl_whenSet() {
        String message = Main.runningMessage("http://localhost:8080/", "http://localhost:8081", "admin-token-1234567",
                "http://192.168.1.20:8080", List.of("http://192.168.1.20:8080/   (wlan0)"));
        assertThat(message).contains("public URL       http://192.168.1.20:8080   (invite sheets, their links and QR codes)")
                .doesNotContain("Set STANDSTILL_PUBLIC_URL");
    }

    @Test
    void browsersFindTheCommandService_atThePublicUrlsHost_unlessACommandUrlIsSet() {
        assertThat(Platform.commandUrlForBrowsers(null, "http://192.168.1.20:8080", 8081))
                .hasValue("http://192.168.1.20:8081");
        assertThat(Platform.commandUrlForBrowsers("https://commands.example.org", "http://192.168.1.20:8080", 8081))
                .hasValue("https://commands.example.org");
        assertThat(Platform.commandUrlForBrowsers(null, null, 8081)).isEmpty();
        assertThatThrownBy(() -> Platform.commandUrlForBrowsers(null, "192.168.1.20", 8081))
                .hasMessageContaining("STANDSTILL_PUBLIC_URL");
    }
}
