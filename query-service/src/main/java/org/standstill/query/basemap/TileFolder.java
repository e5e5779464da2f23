package org.standstill.query.basemap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Raster tiles in a folder laid out as web maps address them: {@code <folder>/<z>/<x>/<y>.png} (or {@code .jpg},
 * {@code .jpeg}, {@code .webp}), rows counted from the north. The zoom levels are the numbered folders found at start.
 */
final class TileFolder implements TileSource {

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".webp");

    private final Path folder;
    private final int minZoom;
    private final int maxZoom;

    private TileFolder(Path folder, int minZoom, int maxZoom) {
        this.folder = folder;
        this.minZoom = minZoom;
        this.maxZoom = maxZoom;
    }

    /** The folder's tiles, or fails with what is wrong with it. */
    static TileFolder open(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("STANDSTILL_MAP_TILES names " + folder + ", which is not a folder");
        }
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                String name = child.getFileName().toString();
                if (Files.isDirectory(child) && name.matches("\\d{1,2}") && Integer.parseInt(name) <= BaseMap.MAX_ZOOM) {
                    min = Math.min(min, Integer.parseInt(name));
                    max = Math.max(max, Integer.parseInt(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the tile folder " + folder, e);
        }
        if (min > max) {
            throw new IllegalStateException(folder + " holds no tiles: expected folders <z>/<x>/ with <y>.png files");
        }
        return new TileFolder(folder.toAbsolutePath().normalize(), min, max);
    }

    @Override
    public Optional<Tile> tile(int z, int x, int y) {
        Path column = folder.resolve(Integer.toString(z)).resolve(Integer.toString(x));
        for (String extension : EXTENSIONS) {
            try {
                byte[] data = Files.readAllBytes(column.resolve(y + extension));
                Optional<String> type = Tile.imageType(data);
                return type.map(t -> new Tile(data, t));
            } catch (NoSuchFileException absent) {
                // try the next extension
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read tile " + z + "/" + x + "/" + y + " in " + folder, e);
            }
        }
        return Optional.empty();
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
        return Optional.empty();
    }

    @Override
    public Optional<double[]> bounds() {
        return Optional.empty();
    }

    @Override
    public String description() {
        return "the tile folder " + folder;
    }

    @Override
    public void close() {
        // nothing held open
    }
}
