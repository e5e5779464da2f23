package org.standstill.query.basemap;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Raster tiles in an MBTiles file (an SQLite database: a {@code tiles} table of zoom_level, tile_column, tile_row,
 * tile_data, rows counted from the south as in TMS, and a {@code metadata} table of name/value pairs), read only. One
 * connection, used by one request at a time: a tile is one look-up in the tiles' index.
 */
final class MbTiles implements TileSource {

    private final Path file;
    private final Connection connection;
    private final PreparedStatement select;
    private final int minZoom;
    private final int maxZoom;
    private final String attribution;
    private final double[] bounds;
    private final String formatType;

    private MbTiles(Path file, Connection connection, Map<String, String> metadata, int minZoom, int maxZoom)
            throws SQLException {
        this.file = file;
        this.connection = connection;
        this.select = connection.prepareStatement(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?");
        this.minZoom = minZoom;
        this.maxZoom = maxZoom;
        this.attribution = blankToNull(metadata.get("attribution"));
        this.bounds = parseBounds(metadata.get("bounds"));
        this.formatType = switch (metadata.getOrDefault("format", "").toLowerCase(Locale.ROOT)) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "webp" -> "image/webp";
            default -> "application/octet-stream";
        };
    }

    /** Opens {@code file} read only, or fails with what is wrong with it. */
    static MbTiles open(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalStateException("STANDSTILL_MAP_TILES names " + file + ", which is not a readable file");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        Connection connection = null;
        try {
            connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            Map<String, String> metadata = metadata(connection);
            String format = metadata.getOrDefault("format", "").toLowerCase(Locale.ROOT);
            if (format.equals("pbf") || format.equals("mvt")) {
                throw new IllegalStateException(file + " holds vector tiles (" + format + "): the base map takes raster "
                        + "tiles (png, jpg or webp); prepare the file with raster tiles");
            }
            int[] zooms = zooms(connection, file);
            MbTiles tiles = new MbTiles(file, connection, metadata, zooms[0], zooms[1]);
            connection = null;
            return tiles;
        } catch (SQLException e) {
            throw new IllegalStateException(file + " is not an MBTiles file that can be read: " + e.getMessage(), e);
        } finally {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
        }
    }

    private static Map<String, String> metadata(Connection connection) throws SQLException {
        Map<String, String> metadata = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name FROM sqlite_master WHERE name = 'metadata' AND type IN ('table', 'view')");
             ResultSet exists = statement.executeQuery()) {
            if (!exists.next()) {
                return metadata;
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT name, value FROM metadata");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                metadata.put(rows.getString(1), rows.getString(2));
            }
        }
        return metadata;
    }

    /** The lowest and highest zoom level holding tiles (read from the tiles, not trusted from the metadata). */
    private static int[] zooms(Connection connection, Path file) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT min(zoom_level), max(zoom_level) FROM tiles");
             ResultSet row = statement.executeQuery()) {
            row.next();
            if (row.getObject(1) == null) {
                throw new IllegalStateException(file + " holds no tiles");
            }
            return new int[]{row.getInt(1), row.getInt(2)};
        }
    }

    @Override
    public Optional<Tile> tile(int z, int x, int y) {
        int tmsRow = (1 << z) - 1 - y; // MBTiles counts rows from the south
        synchronized (this) {
            try {
                select.setInt(1, z);
                select.setInt(2, x);
                select.setInt(3, tmsRow);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    byte[] data = row.getBytes(1);
                    if (data == null || data.length == 0) {
                        return Optional.empty();
                    }
                    return Optional.of(new Tile(data, Tile.imageType(data).orElse(formatType)));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot read tile " + z + "/" + x + "/" + y + " from " + file, e);
            }
        }
    }

    @Override
    public int minZoom() {
        return minZoom;
    }

    @Override
    public int maxZoom() {
        return maxZoom;
    }

    @Override
    public Optional<String> attribution() {
        return Optional.ofNullable(attribution);
    }

    @Override
    public Optional<double[]> bounds() {
        return Optional.ofNullable(bounds).map(double[]::clone);
    }

    @Override
    public String description() {
        return "the MBTiles file " + file;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** MBTiles' {@code bounds}: "west,south,east,north" in degrees; anything else is no bounds. */
    static double[] parseBounds(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split(",");
        if (parts.length != 4) {
            return null;
        }
        double[] bounds = new double[4];
        try {
            for (int i = 0; i < 4; i++) {
                bounds[i] = Double.parseDouble(parts[i].strip());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        boolean valid = bounds[0] >= -180 && bounds[2] <= 180 && bounds[0] < bounds[2]
                && bounds[1] >= -90 && bounds[3] <= 90 && bounds[1] < bounds[3];
        return valid ? bounds : null;
    }
}
