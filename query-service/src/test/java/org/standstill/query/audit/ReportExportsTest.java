package org.standstill.query.audit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** One CSV cell of reports.csv ({@link ReportExports#csvField}). */
class ReportExportsTest {

    @Nested
    class TextThatASpreadsheetWouldRun {

        @Test
        void isQuoted_withASingleQuoteFirst_forEachFormulaCharacter() {
            assertThat(ReportExports.csvField("=1+1")).isEqualTo("\"'=1+1\"");
            assertThat(ReportExports.csvField("+Clinic")).isEqualTo("\"'+Clinic\"");
            assertThat(ReportExports.csvField("-2+3")).isEqualTo("\"'-2+3\"");
            assertThat(ReportExports.csvField("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
            assertThat(ReportExports.csvField("\tTabbed")).isEqualTo("\"'\tTabbed\"");
            assertThat(ReportExports.csvField("\r=carriage")).isEqualTo("\"'\r=carriage\"");
        }

        @Test
        void keepsItsQuotesDoubled_insideTheQuotedCell() {
            assertThat(ReportExports.csvField("=HYPERLINK(\"https://example.com\",\"Open\")"))
                    .isEqualTo("\"'=HYPERLINK(\"\"https://example.com\"\",\"\"Open\"\")\"");
        }
    }

    @Nested
    class OtherCells {

        @Test
        void areLeftAlone_whenAFormulaCharacterIsNotFirst() {
            assertThat(ReportExports.csvField("Plain Shop = fine")).isEqualTo("Plain Shop = fine");
        }

        @Test
        void areQuoted_onlyWhenTheyHoldAQuoteACommaOrALineBreak() {
            assertThat(ReportExports.csvField("fine, with a comma")).isEqualTo("\"fine, with a comma\"");
            assertThat(ReportExports.csvField("a \"quote\"")).isEqualTo("\"a \"\"quote\"\"\"");
            assertThat(ReportExports.csvField("two\nlines")).isEqualTo("\"two\nlines\"");
            assertThat(ReportExports.csvField("")).isEmpty();
            assertThat(ReportExports.csvField(null)).isEmpty();
        }

        @Test
        void keepNegativeNumbersAsNumbers() {
            assertThat(ReportExports.csvField(-93.1077)).isEqualTo("-93.1077");
            assertThat(ReportExports.csvField(-1)).isEqualTo("-1");
        }

        @Test
        void keepIdsAsTheyAre() {
            UUID id = UUID.fromString("5f0c9a2e-0000-4000-8000-000000000001");
            assertThat(ReportExports.csvField(id)).isEqualTo(id.toString());
        }
    }
}
