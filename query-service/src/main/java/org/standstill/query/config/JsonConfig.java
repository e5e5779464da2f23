package org.standstill.query.config;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.standstill.platform.StrictJson;

/** Request bodies are one JSON value with each key once ({@link StrictJson}). */
@Configuration
class JsonConfig {

    @Bean
    JsonMapperBuilderCustomizer strictRequestBodies() {
        return StrictJson.requestBodies();
    }
}
