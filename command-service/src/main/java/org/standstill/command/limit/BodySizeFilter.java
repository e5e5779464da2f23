package org.standstill.command.limit;

import org.standstill.platform.Problems;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Refuses a body over the limit with 413, and one that is not UTF-8 with 400. A declared Content-Length over
 * the limit is refused without reading; any other body is read up to one byte over the limit (the server
 * never reads past a declared length) and handed on from memory.
 */
final class BodySizeFilter extends OncePerRequestFilter {

    private static final Pattern ZONES = Pattern.compile("/api/days/[^/]+/zones");
    private static final Pattern BATCHES = Pattern.compile("/api/days/[^/]+/report-batches");

    private final int maxBody;
    private final int maxZones;
    private final int maxBatch;

    BodySizeFilter(LimitProperties limits) {
        this.maxBody = Math.toIntExact(limits.maxBody().toBytes());
        this.maxZones = Math.toIntExact(limits.maxZones().toBytes());
        this.maxBatch = Math.toIntExact(limits.maxBatch().toBytes());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestLimits.applyTo(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int maxBytes = carriesZones(request) ? maxZones : carriesBatch(request) ? maxBatch : maxBody;
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge(response, maxBytes);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            tooLarge(response, maxBytes);
        } else if (!isUtf8(body)) {
            Problems.write(response, 400, "/problems/invalid-input", "Invalid input",
                    "body: the request body is not valid UTF-8", List.of(Map.of("field", "body",
                            "message", "is not valid UTF-8 (an overlong form, half a surrogate pair or a stray byte)")));
        } else {
            chain.doFilter(new ReadBody(request, body), response);
        }
    }

    /**
     * Whether the body is UTF-8 in the strict sense: the JSON parser reads an overlong form (0xC0 0xAF for "/") or an
     * encoded surrogate as a character, which would store something the client never wrote as text.
     */
    static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException malformed) {
            return false;
        }
    }

    /** Planning a day or replacing its zones carries a city's districts as GeoJSON: larger than a report. */
    private static boolean carriesZones(HttpServletRequest request) {
        String path = request.getRequestURI();
        return ("POST".equals(request.getMethod()) && path.equals("/api/days"))
                || ("PUT".equals(request.getMethod()) && ZONES.matcher(path).matches());
    }

    /** A batch carries up to 500 reports. */
    private static boolean carriesBatch(HttpServletRequest request) {
        return BATCHES.matcher(request.getRequestURI()).matches();
    }

    private static void tooLarge(HttpServletResponse response, int maxBytes) throws IOException {
        Problems.write(response, 413, "/problems/body-too-large", "Content Too Large", "The request body is larger than " + maxBytes + " bytes");
    }

    /** A request whose body has been read already. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("The body has been read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }
}
