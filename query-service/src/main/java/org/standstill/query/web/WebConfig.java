package org.standstill.query.web;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * The UI's files: cache headers ({@link StaticFileCaching}) and content ETags ({@link ContentETags}) on the static
 * resource handlers Spring Boot sets up (the pages, {@code /webjars/**}); compression is {@code server.compression} in
 * application.yml.
 */
@Configuration
class WebConfig {

    @Bean
    FilterRegistrationBean<StaticFileCaching> staticFileCaching() {
        FilterRegistrationBean<StaticFileCaching> registration = new FilterRegistrationBean<>(new StaticFileCaching());
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10); // before the security filter
        return registration;
    }

    /** Gives every static resource handler an ETag from its file's content (the welcome page's forward included). */
    @Bean
    static BeanPostProcessor contentETagsOnStaticFiles() {
        ContentETags etags = new ContentETags();
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof SimpleUrlHandlerMapping mapping) {
                    mapping.getUrlMap().values().forEach(handler -> {
                        if (handler instanceof ResourceHttpRequestHandler resources) {
                            resources.setEtagGenerator(etags);
                        }
                    });
                }
                return bean;
            }
        };
    }
}
