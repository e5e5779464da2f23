package org.standstill.query.audit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.standstill.query.TestDatabase;
import org.standstill.query.config.Busy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The downloads' own connections, on a real PostgreSQL: bounded, refused at once beyond, given back after. */
class DownloadsTest {

    HikariDataSource main;
    Downloads downloads;

    @BeforeEach
    void pools() throws Exception {
        main = new HikariDataSource();
        main.setJdbcUrl(TestDatabase.url());
        main.setUsername(TestDatabase.username());
        main.setPassword(TestDatabase.password());
        main.setMaximumPoolSize(2);
        downloads = new Downloads(main, 2);
    }

    @AfterEach
    void close() {
        downloads.destroy();
        main.close();
    }

    @Test
    void downloadsBeyondTheirConnections_areRefusedAtOnce_withARetryAfter() throws Exception {
        StreamingResponseBody first = downloads.start(out -> reads(out));
        StreamingResponseBody second = downloads.start(out -> reads(out));

        assertThatThrownBy(() -> downloads.start(out -> reads(out)))
                .isInstanceOfSatisfying(Busy.class, busy -> assertThat(busy.retryAfter()).isPositive());

        first.writeTo(new ByteArrayOutputStream());
        StreamingResponseBody third = downloads.start(out -> reads(out));
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        third.writeTo(written);
        assertThat(written.toString()).isEqualTo("1");
        second.writeTo(new ByteArrayOutputStream());
    }

    @Test
    void aDownloadThatFails_givesItsConnectionBack() throws Exception {
        for (int i = 0; i < 3; i++) {
            StreamingResponseBody failing = downloads.start(out -> {
                throw new IOException("the client went away");
            });
            assertThatThrownBy(() -> failing.writeTo(new ByteArrayOutputStream())).isInstanceOf(IOException.class);
        }

        ByteArrayOutputStream written = new ByteArrayOutputStream();
        downloads.start(out -> reads(out)).writeTo(written);
        assertThat(written.toString()).isEqualTo("1");
    }

    private void reads(java.io.OutputStream out) throws IOException {
        Integer one = downloads.transaction.execute(tx -> downloads.jdbc.queryForObject("SELECT 1", Integer.class));
        out.write(String.valueOf(one).getBytes());
    }
}
