package org.standstill.query.web;

import org.springframework.core.io.Resource;
import org.springframework.util.DigestUtils;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The ETag of a static file: a digest of its content, so that it changes exactly when the file does (a build that
 * changes nothing keeps it). Weak ({@code W/"…"}), because the server compresses these files on the way out and a strong
 * ETag would name the exact bytes sent. The files come from jars, which do not change while the service runs: each is
 * read once.
 */
final class ContentETags implements Function<Resource, String> {

    private final Map<String, String> known = new ConcurrentHashMap<>();

    @Override
    public String apply(Resource resource) {
        String key;
        try {
            key = resource.getURL().toString();
        } catch (IOException notAUrl) {
            return digest(resource);
        }
        return known.computeIfAbsent(key, k -> digest(resource));
    }

    private static String digest(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return "W/\"" + DigestUtils.md5DigestAsHex(in) + "\"";
        } catch (IOException e) {
            return null; // unreadable: no ETag, the file is still served (or not) as the handler decides
        }
    }
}
