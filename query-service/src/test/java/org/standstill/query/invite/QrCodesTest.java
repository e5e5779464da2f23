package org.standstill.query.invite;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The invite sheet's QR codes ({@link QrCodes}): the SVG path drawn back as an image decodes to the link. */
class QrCodesTest {

    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");

    @Test
    void thePath_drawnWithAQuietZone_decodesToTheText() throws Exception {
        String link = "http://192.168.1.20:8080/report.html?code=K7QM2X9HBW";
        QrCodes.Qr qr = QrCodes.draw(link);
        assertThat(qr.size()).isBetween(21, 177).matches(size -> (size - 17) % 4 == 0, "a QR code's size");
        assertThat(decode(qr)).isEqualTo(link);
    }

    @Test
    void thePath_isOnlyRunsOfDarkModules_insideTheCode() {
        QrCodes.Qr qr = QrCodes.draw("http://localhost:8080/report.html?code=23456789AB");
        assertThat(RUN.matcher(qr.path()).replaceAll("")).isEmpty();
        Matcher runs = RUN.matcher(qr.path());
        while (runs.find()) {
            int x = Integer.parseInt(runs.group(1));
            int y = Integer.parseInt(runs.group(2));
            int length = Integer.parseInt(runs.group(3));
            assertThat(x + length).isLessThanOrEqualTo(qr.size());
            assertThat(y).isLessThan(qr.size());
            assertThat(runs.group(4)).isEqualTo(runs.group(3));
        }
    }

    @Test
    void aTextTooLongForAnyQrCode_isRefused() {
        assertThatThrownBy(() -> QrCodes.draw("x".repeat(8000))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Paints the path 4 pixels a module with a 4-module white margin, and reads it with ZXing. */
    private static String decode(QrCodes.Qr qr) throws Exception {
        int scale = 4;
        int side = (qr.size() + 8) * scale;
        int[] pixels = new int[side * side];
        java.util.Arrays.fill(pixels, 0xFFFFFFFF);
        Matcher runs = RUN.matcher(qr.path());
        while (runs.find()) {
            int x = Integer.parseInt(runs.group(1)) + 4;
            int y = Integer.parseInt(runs.group(2)) + 4;
            int length = Integer.parseInt(runs.group(3));
            for (int py = y * scale; py < (y + 1) * scale; py++) {
                for (int px = x * scale; px < (x + length) * scale; px++) {
                    pixels[py * side + px] = 0xFF000000;
                }
            }
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(side, side, pixels)));
        return new QRCodeReader().decode(bitmap).getText();
    }
}
