package org.standstill.query.basemap;

import java.util.Optional;

/**
 * Base-map tiles the operator prepared beforehand, addressed as web maps address them (XYZ: zoom {@code z}, column
 * {@code x} from the west, row {@code y} from the north). Implementations are safe for concurrent use.
 */
interface TileSource extends AutoCloseable {

    /** The tile at z/x/y (already checked to exist on the grid), or empty when the source has none there. */
    Optional<Tile> tile(int z, int x, int y);

    /** The zoom levels the source holds tiles for. */
    int minZoom();

    int maxZoom();

    /** What the source says it must be credited as (HTML, as map libraries show it), if it says. */
    Optional<String> attribution();

    /** The area covered as {@code [west, south, east, north]} in degrees, if the source says. */
    Optional<double[]> bounds();

    /** Where the tiles are read from, for logs and messages. */
    String description();

    @Override
    void close();
}
