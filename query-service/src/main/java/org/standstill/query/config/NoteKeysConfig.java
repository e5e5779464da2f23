package org.standstill.query.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.standstill.platform.NoteKeys;

/**
 * The reports' note keys, read from the command service's {@code note_key}: the projection opens the sealed notes it
 * projects with them (a note whose key is deleted is shown as erased).
 */
@Configuration
class NoteKeysConfig {

    @Bean
    NoteKeys noteKeys(JdbcClient jdbc) {
        return NoteKeys.stored(jdbc);
    }
}
