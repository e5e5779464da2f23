package org.standstill.query.basemap;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Small tile sets made for the tests: PNG images, in an MBTiles file. */
final class TestTiles {

    private TestTiles() {
    }

    /** A 4×4 PNG of one colour. */
    static byte[] png(Color colour) {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(colour);
        graphics.fillRect(0, 0, 4, 4);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An MBTiles file with {@code metadata} and one tile per entry of {@code tiles} ("z/x/tmsRow" → bytes). */
    static Path mbtiles(Path file, Map<String, String> metadata, Map<String, byte[]> tiles) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE metadata (name TEXT, value TEXT)");
            statement.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)");
            statement.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO metadata VALUES (?, ?)")) {
                for (Map.Entry<String, String> entry : metadata.entrySet()) {
                    insert.setString(1, entry.getKey());
                    insert.setString(2, entry.getValue());
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tiles VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, byte[]> entry : tiles.entrySet()) {
                    String[] zxy = entry.getKey().split("/");
                    insert.setInt(1, Integer.parseInt(zxy[0]));
                    insert.setInt(2, Integer.parseInt(zxy[1]));
                    insert.setInt(3, Integer.parseInt(zxy[2]));
                    insert.setBytes(4, entry.getValue());
                    insert.executeUpdate();
                }
            }
        }
        return file;
    }
}
