package org.standstill.query.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentSecurityPolicyTest {

    @Test
    void aTileServersOrigin_keepsItsSchemeHostAndPort_withSubdomainsAsAWildcard() {
        assertThat(ContentSecurityPolicy.origin("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png".replace("{s}", "*")))
                .isEqualTo("https://*.tile.openstreetmap.org");
        assertThat(ContentSecurityPolicy.origin("http://tiles.local:8090/{z}/{x}/{y}.png"))
                .isEqualTo("http://tiles.local:8090");
    }

    @Test
    void tilesServedFromHere_needNoOtherOrigin() {
        assertThat(ContentSecurityPolicy.origin("/api/tiles/{z}/{x}/{y}")).isNull();
        assertThat(ContentSecurityPolicy.origin(null)).isNull();
    }
}
