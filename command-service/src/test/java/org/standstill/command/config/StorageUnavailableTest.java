package org.standstill.command.config;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.EOFException;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A request that fails because PostgreSQL went away mid-statement (pgjdbc: an I/O error caused by an EOFException) is
 * answered 503 with Retry-After — never the empty 200 that Spring MVC gives a request whose client it believes gone,
 * which a phone would take for its report being stored.
 */
class StorageUnavailableTest {

    @RestController
    static class Storing {
        @PostMapping("/store")
        String store() {
            PSQLException lost = new PSQLException("An I/O error occurred while sending to the backend.",
                    PSQLState.CONNECTION_FAILURE, new EOFException());
            throw new EventStoreException("An event for aggregate [r-1] at sequence [0] could not be persisted", lost);
        }
    }

    @Test
    void aStoreThatLostPostgres_isA503ToRetry_notAnEmpty200() throws Exception {
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new Storing()).setControllerAdvice(new Problems()).build();

        mvc.perform(post("/store"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("/problems/storage-unavailable"))
                .andExpect(jsonPath("$.status").value(503));
    }
}
