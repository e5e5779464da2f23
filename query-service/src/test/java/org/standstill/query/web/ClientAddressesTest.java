package org.standstill.query.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The command service's address as /api/config gives it to a browser ({@link ClientAddresses}). */
class ClientAddressesTest {

    @Test
    void aLocalhostCommandUrl_isGivenWithTheHostAPhoneUsed() {
        assertThat(ClientAddresses.commandUrlFor("http://localhost:8081", "192.168.1.20"))
                .isEqualTo("http://192.168.1.20:8081");
        assertThat(ClientAddresses.commandUrlFor("http://127.0.0.1:8081/", "standstill.lan"))
                .isEqualTo("http://standstill.lan:8081/");
        assertThat(ClientAddresses.commandUrlFor("http://[::1]:8081", "fd00::20"))
                .isEqualTo("http://[fd00::20]:8081");
    }

    @Test
    void aLocalhostCommandUrl_staysAsIs_forABrowserOnThisMachine() {
        assertThat(ClientAddresses.commandUrlFor("http://localhost:8081", "localhost")).isEqualTo("http://localhost:8081");
        assertThat(ClientAddresses.commandUrlFor("http://localhost:8081", "127.0.0.1")).isEqualTo("http://localhost:8081");
    }

    @Test
    void aCommandUrlThatNamesAnotherHost_isGivenAsConfigured() {
        assertThat(ClientAddresses.commandUrlFor("https://commands.example.org", "192.168.1.20"))
                .isEqualTo("https://commands.example.org");
    }

    @Test
    void loopbackNames_areLocalhost_127slash8_andColonColon1() {
        assertThat(ClientAddresses.isLoopback("LOCALHOST")).isTrue();
        assertThat(ClientAddresses.isLoopback("127.3.4.5")).isTrue();
        assertThat(ClientAddresses.isLoopback("[::1]")).isTrue();
        assertThat(ClientAddresses.isLoopback("10.0.0.7")).isFalse();
        assertThat(ClientAddresses.isLoopback("localhost.example.org")).isFalse();
    }
}
