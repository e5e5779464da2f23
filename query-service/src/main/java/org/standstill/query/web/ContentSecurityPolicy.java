package org.standstill.query.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.stereotype.Component;
import org.standstill.query.basemap.BaseMap;
import org.standstill.query.config.StandstillProperties;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the pages may load and where they may connect, on every answer: scripts, styles and fonts from this service
 * only (none inline, none from elsewhere), images from here and the base map's tile server, connections to here
 * (its WebSocket too) and to the command service as this browser reaches it; no frames, no plugins. Any text that
 * ever slipped into a page as markup could run nothing and send nothing away. No page is sent a referrer either: a
 * reporter's link carries an invite code.
 */
@Component
public class ContentSecurityPolicy implements HeaderWriter {

    private final StandstillProperties properties;
    private final String tileSources;

    ContentSecurityPolicy(StandstillProperties properties, BaseMap baseMap) {
        this.properties = properties;
        Object tiles = baseMap.clientSettings().get("tileUrl");
        String tileOrigin = tiles == null ? null : origin(tiles.toString().replace("{s}", "*"));
        this.tileSources = tileOrigin == null ? "" : " " + tileOrigin;
    }

    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", policy(request));
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    String policy(HttpServletRequest request) {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        String host = request.getServerName();
        int port = request.getServerPort();
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        connect.add("ws://" + authority);
        connect.add("wss://" + authority);
        String command = origin(ClientAddresses.commandUrlFor(properties.commandUrl(), host));
        if (command != null) {
            connect.add(command);
        }
        return "default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; "
                + "img-src 'self' data: blob:" + tileSources + "; connect-src " + String.join(" ", connect) + "; "
                + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    /** The scheme, host and port of an absolute http(s) URL (a host may start with {@code *.}); null otherwise. */
    static String origin(String url) {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            return null;
        }
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        try {
            new URI(url.substring(0, start) + authority.replace("*", "x"));
        } catch (URISyntaxException e) {
            return null;
        }
        return url.substring(0, start) + authority;
    }
}
