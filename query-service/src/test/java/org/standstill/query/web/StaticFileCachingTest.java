package org.standstill.query.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Cache headers and ETags of the UI's files ({@link StaticFileCaching}). */
class StaticFileCachingTest {

    private final StaticFileCaching filter = new StaticFileCaching();

    @Test
    void aWebJarFileNamedWithItsVersion_isKeptForAYear_immutable() throws Exception {
        MockHttpServletResponse response = get("/webjars/leaflet/1.9.4/dist/leaflet.js", null, 200);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(response.getContentAsString()).isEqualTo("the file");
    }

    @Test
    void otherFiles_areRevalidatedByAWeakETag_andAnUnchangedOneIsA304() throws Exception {
        MockHttpServletResponse first = get("/js/dashboard/map.js", null, 200);
        assertThat(first.getHeader("Cache-Control")).isEqualTo("no-cache");
        String etag = first.getHeader("ETag");
        assertThat(etag).startsWith("W/\"");

        MockHttpServletResponse again = get("/js/dashboard/map.js", etag, 200);
        assertThat(again.getStatus()).isEqualTo(304);
        assertThat(again.getContentAsByteArray()).isEmpty();
        assertThat(get("/webjars/idb/build/index.js", null, 200).getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(get("/", null, 200).getHeader("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void aMissingFile_isNotKept() throws Exception {
        MockHttpServletResponse response = get("/webjars/leaflet/9.9.9/dist/leaflet.js", null, 404);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeader("ETag")).isNull();
    }

    @Test
    void theApiAndTheWebSocket_areLeftAlone() throws Exception {
        for (String path : new String[]{"/api/days", "/api/config", "/api/tiles/1/0/0", "/ws", "/actuator/health",
                "/v3/api-docs"}) {
            MockHttpServletResponse response = get(path, null, 200);
            assertThat(response.getHeader("Cache-Control")).as(path).isNull();
            assertThat(response.getHeader("ETag")).as(path).isNull();
        }
    }

    private MockHttpServletResponse get(String path, String ifNoneMatch, int status) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (ifNoneMatch != null) {
            request.addHeader("If-None-Match", ifNoneMatch);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setStatus(status);
                resp.getWriter().write(status == 200 ? "the file" : "{\"status\":404}");
            }
        }));
        return response;
    }
}
