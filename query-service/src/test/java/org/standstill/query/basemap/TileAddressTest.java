package org.standstill.query.basemap;

import org.junit.jupiter.api.Test;
import org.standstill.query.config.InvalidParameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A tile's z/x/y as the tile endpoint reads it ({@link TileController.TileAddress#parse}). */
class TileAddressTest {

    @Test
    void isRead_whenOnTheGridOfItsZoomLevel() {
        assertThat(TileController.TileAddress.parse("0", "0", "0")).isEqualTo(new TileController.TileAddress(0, 0, 0));
        assertThat(TileController.TileAddress.parse("14", "3946", "5895"))
                .isEqualTo(new TileController.TileAddress(14, 3946, 5895));
        assertThat(TileController.TileAddress.parse("24", "16777215", "0")).isNotNull();
    }

    @Test
    void namesTheZoom_whenItIsBeyondTheDeepestLevel() {
        InvalidParameters problem = catchThrowableOfType(InvalidParameters.class,
                () -> TileController.TileAddress.parse("25", "0", "0"));
        assertThat(problem.problems()).extracting(InvalidParameters.Problem::field).containsExactly("z");
        assertThat(problem.problems().get(0).message()).contains("from 0 to 24");
    }

    @Test
    void namesEveryPartOffTheGrid_atThatZoomLevel() {
        InvalidParameters problem = catchThrowableOfType(InvalidParameters.class,
                () -> TileController.TileAddress.parse("2", "4", "7"));
        assertThat(problem.problems()).extracting(InvalidParameters.Problem::field).containsExactly("x", "y");
        assertThat(problem.problems().get(0).message()).isEqualTo("must be from 0 to 3 at zoom level 2 (it is 4)");
    }

    @Test
    void namesEveryPartThatIsNoNumber() {
        InvalidParameters problem = catchThrowableOfType(InvalidParameters.class,
                () -> TileController.TileAddress.parse("a", "-1", "3.png"));
        assertThat(problem.problems()).extracting(InvalidParameters.Problem::field).containsExactly("z", "x", "y");
        assertThat(problem.problems()).allSatisfy(p -> assertThat(p.message()).startsWith("must be a whole number"));
    }
}
