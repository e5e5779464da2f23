package org.standstill.query.basemap;

import java.util.Optional;

/** One base-map tile as stored: its bytes and what kind of image they are. */
record Tile(byte[] data, String mediaType) {

    /** The image type of tile bytes, from their first bytes; empty when they are no raster image we serve. */
    static Optional<String> imageType(byte[] data) {
        if (startsWith(data, 0x89, 'P', 'N', 'G')) {
            return Optional.of("image/png");
        }
        if (startsWith(data, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (data.length >= 12 && startsWith(data, 'R', 'I', 'F', 'F') && data[8] == 'W' && data[9] == 'E'
                && data[10] == 'B' && data[11] == 'P') {
            return Optional.of("image/webp");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
