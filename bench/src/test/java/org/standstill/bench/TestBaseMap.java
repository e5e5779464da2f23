package org.standstill.bench;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A base map for the tests, made by them: an MBTiles file of raster tiles over the Twin Cities (the test days' zones
 * and places), zoom 0 to {@value #MAX_ZOOM}, as an operator would prepare one for a day without public tile servers.
 * The tiles are a plain test pattern (a map's paper colour, a grid, a border, and a darker square on alternate tiles),
 * not a real map: there is nothing to render one from here.
 */
final class TestBaseMap {

    static final int MAX_ZOOM = 14;
    /** West, south, east, north. */
    static final double[] BOUNDS = {-93.40, 44.88, -93.05, 45.05};
    static final String ATTRIBUTION = "Test pattern tiles made by the browser tests";

    private TestBaseMap() {
    }

    /** Writes the file at {@code file} (replacing it), and answers how many tiles it holds. */
    static int write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int count = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE metadata (name TEXT, value TEXT)");
                statement.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)");
                statement.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)");
            }
            try (PreparedStatement metadata = connection.prepareStatement("INSERT INTO metadata VALUES (?, ?)")) {
                String[][] rows = {{"name", "Twin Cities test pattern"}, {"format", "png"}, {"type", "baselayer"},
                        {"minzoom", "0"}, {"maxzoom", Integer.toString(MAX_ZOOM)}, {"attribution", ATTRIBUTION},
                        {"bounds", BOUNDS[0] + "," + BOUNDS[1] + "," + BOUNDS[2] + "," + BOUNDS[3]}};
                for (String[] row : rows) {
                    metadata.setString(1, row[0]);
                    metadata.setString(2, row[1]);
                    metadata.executeUpdate();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tiles VALUES (?, ?, ?, ?)")) {
                for (int z = 0; z <= MAX_ZOOM; z++) {
                    int west = column(BOUNDS[0], z);
                    int east = column(BOUNDS[2], z);
                    int north = row(BOUNDS[3], z);
                    int south = row(BOUNDS[1], z);
                    for (int x = west; x <= east; x++) {
                        for (int y = north; y <= south; y++) {
                            insert.setInt(1, z);
                            insert.setInt(2, x);
                            insert.setInt(3, (1 << z) - 1 - y); // MBTiles rows count from the south
                            insert.setBytes(4, tile(z, x, y));
                            insert.addBatch();
                            count++;
                        }
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the test base map " + file, e);
        }
        return count;
    }

    /** The tile column holding longitude {@code lon} at zoom {@code z} (web mercator). */
    static int column(double lon, int z) {
        return (int) Math.floor((lon + 180) / 360 * (1 << z));
    }

    /** The tile row (from the north) holding latitude {@code lat} at zoom {@code z} (web mercator). */
    static int row(double lat, int z) {
        double radians = Math.toRadians(lat);
        return (int) Math.floor((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2 * (1 << z));
    }

    private static byte[] tile(int z, int x, int y) {
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0xF2EFE9));
        g.fillRect(0, 0, 256, 256);
        if ((x + y) % 2 == 0) {
            g.setColor(new Color(0xE4DED2));
            g.fillRect(96, 96, 64, 64);
        }
        g.setColor(new Color(0xD6D0C2));
        for (int line = 32; line < 256; line += 32) {
            g.drawLine(line, 0, line, 255);
            g.drawLine(0, line, 255, line);
        }
        g.setColor(new Color(0xAAB8C9)); // a "river" across every tile of zoom z, where z tells them apart
        g.fillRect(0, 8 * (z % 16), 256, 6);
        g.setColor(new Color(0x9C9584));
        g.drawRect(0, 0, 255, 255);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
