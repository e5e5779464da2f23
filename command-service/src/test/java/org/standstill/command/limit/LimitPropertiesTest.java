package org.standstill.command.limit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.standstill.platform.RateLimits.Rate;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LimitPropertiesTest {

    @Test
    void defaults_areThoseOfApplicationYml() throws IOException {
        LimitProperties limits = bind(Map.of());

        assertThat(limits.maxBody().toBytes()).isEqualTo(64 * 1024);
        assertThat(limits.reporter()).isEqualTo(new Rate(20, 60));
        assertThat(limits.staff()).isEqualTo(new Rate(200, 400));
        assertThat(limits.anonymous()).isEqualTo(new Rate(10, 100));
    }

    @Test
    void aRate_canBeSetFromTheEnvironment_keepingTheRestOfItsDefaults() throws IOException {
        LimitProperties limits = bind(Map.of("STANDSTILL_LIMITS_REPORTER_PER_SECOND", "1"));

        assertThat(limits.reporter()).isEqualTo(new Rate(1, 60));
    }

    private static LimitProperties bind(Map<String, Object> environment) throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("environment", environment));
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(sources::addLast);
        return new Binder(ConfigurationPropertySources.from(sources))
                .bind("standstill.limits", LimitProperties.class).get();
    }
}
