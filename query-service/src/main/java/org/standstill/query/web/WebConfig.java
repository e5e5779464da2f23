package org.standstill.query.web;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The UI's files: cache headers and ETags (compression is {@code server.compression} in application.yml). */
@Configuration
class WebConfig {

    @Bean
    FilterRegistrationBean<StaticFileCaching> staticFileCaching() {
        FilterRegistrationBean<StaticFileCaching> registration = new FilterRegistrationBean<>(new StaticFileCaching());
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10); // before the security filter
        return registration;
    }
}
