package org.standstill.command.report;

import org.junit.jupiter.api.Test;
import org.standstill.api.report.Location;

import static org.assertj.core.api.Assertions.assertThat;

class SubjectIdsTest {

    @Test
    void normalize_lowersCase_stripsAccents_removesPunctuation_andCollapsesSpaces() {
        assertThat(SubjectIds.normalize("  Café  Réunion & Sons, Inc. ")).isEqualTo("cafe reunion sons inc");
    }

    @Test
    void business_isTheSame_forTwoSpellingsOfOneShopAtOneCorner() {
        String a = SubjectIds.business("mpls", "Karmel Mall", new Location(44.95300, -93.28750));
        String b = SubjectIds.business("mpls", "KARMEL  mall!", new Location(44.95301, -93.28751));
        assertThat(a).isEqualTo(b).startsWith("mpls:business:karmel-mall:");
    }

    @Test
    void business_usesTheH3CellAtResolution9() {
        assertThat(SubjectIds.business("mpls", "x", new Location(44.97, -93.26))).endsWith(":89275268917ffff");
    }

    @Test
    void business_differs_forTheSameNameFarApart() {
        assertThat(SubjectIds.business("mpls", "Target", new Location(44.97, -93.26)))
                .isNotEqualTo(SubjectIds.business("mpls", "Target", new Location(44.88, -93.20)));
    }
}
