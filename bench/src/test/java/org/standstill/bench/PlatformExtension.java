package org.standstill.bench;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.util.Map;

/**
 * Gives tests a running {@link Platform} as a parameter (of a constructor, a {@code @BeforeAll} or a test method):
 * one for the whole test run, with a fresh database and free ports, shared by every class that uses this extension
 * and closed when the run ends. Its query-service serves the base map of {@link TestBaseMap} from the MBTiles file
 * {@link #TILES} (STANDSTILL_MAP_TILES), so that no page of the tests asks a public tile server for anything.
 */
public class PlatformExtension implements ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(PlatformExtension.class);
    static final Path TILES = Platform.home().resolve("bench").resolve("target").resolve("it-tiles")
            .resolve("twin-cities-test.mbtiles");

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Platform.class;
    }

    @Override
    public Platform resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store lives as long as the run, and closes what it holds when the run ends.
        Started started = context.getRoot().getStore(NAMESPACE).computeIfAbsent(Started.class, key -> start(), Started.class);
        if (started.failure != null) {
            throw new ParameterResolutionException("The platform did not start: " + started.failure.getMessage(),
                    started.failure);
        }
        return started.platform;
    }

    private static Started start() {
        try {
            TestBaseMap.write(TILES);
            return new Started(Platform.startForTests(Map.of("STANDSTILL_MAP_TILES", TILES.toString())), null);
        } catch (Exception e) {
            return new Started(null, e);
        }
    }

    /** The platform, or why it did not start: kept either way, so that one failed start fails every test at once. */
    private record Started(Platform platform, Exception failure) implements AutoCloseable {

        @Override
        public void close() {
            if (platform != null) {
                platform.close();
            }
        }
    }
}
