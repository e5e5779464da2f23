package org.standstill.query.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Addresses given to browsers. A phone that opened the pages at this machine's network address cannot use a command
 * service configured as {@code localhost}: that name means the phone itself. So a loopback command URL is answered with
 * the host the browser itself used to reach us (same scheme and port), and any other is answered as configured.
 */
public final class ClientAddresses {

    private ClientAddresses() {
    }

    /** The command service's URL for a browser that reached this service at {@code requestHost}. */
    public static String commandUrlFor(String configured, String requestHost) {
        if (configured == null || requestHost == null || requestHost.isBlank() || isLoopback(requestHost)) {
            return configured;
        }
        URI uri;
        try {
            uri = new URI(configured);
        } catch (URISyntaxException e) {
            return configured;
        }
        if (uri.getHost() == null || !isLoopback(uri.getHost())) {
            return configured;
        }
        String host = requestHost.contains(":") && !requestHost.startsWith("[") ? "[" + requestHost + "]" : requestHost;
        try {
            return new URI(uri.getScheme(), uri.getUserInfo(), host, uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return configured;
        }
    }

    /** Whether a host name or address means "this machine": localhost, 127.0.0.0/8, ::1. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
