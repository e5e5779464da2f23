package org.standstill.platform;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;

/**
 * How both services read a request body: one JSON value, each key once. A body with a key twice ({@code "headcount"}
 * twice, one of them absurd) or with more after its value is ambiguous — which part counts would be up to the parser —
 * so it is refused as malformed (400) rather than read one way and stored.
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** To declare as a bean in each service. */
    public static JsonMapperBuilderCustomizer requestBodies() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
