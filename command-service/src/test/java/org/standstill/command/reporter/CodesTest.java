package org.standstill.command.reporter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CodesTest {

    @Test
    void inviteCodes_useOnlyUnambiguousSymbols() {
        for (int i = 0; i < 1000; i++) {
            assertThat(Codes.invite()).matches("[2-9A-HJ-NP-Z]{10}");
        }
    }

    @Test
    void pseudonyms_areRandom_andDerivedFromNothing() {
        assertThat(Codes.pseudonym()).matches("r-[2-9a-hj-np-z]{12}").isNotEqualTo(Codes.pseudonym());
    }

    @Test
    void aCodeAsTyped_isTheCodeAsIssued() {
        assertThat(Codes.normalize(" abcde-fgh23 ")).isEqualTo("ABCDEFGH23");
        assertThat(Codes.isInvite("ABCDEFGH23")).isTrue();
        assertThat(Codes.isInvite("ABCDEFGHI3")).as("I is not in the alphabet").isFalse();
        assertThat(Codes.isInvite("ABCDEFGH2")).isFalse();
    }

    @Test
    void aCodeOfTenCharactersWithAMisreadOne_isToldWhichCharacter_notItsLength() {
        assertThat(Codes.problemWith("ABCDEFGH0O")).contains("“0”, “O”").doesNotContain("characters;");
        assertThat(Codes.problemWith("ABCDEFGH2")).isEqualTo("must have 10 characters; this one has 9");
        assertThat(Codes.problemWith("ABCDEFGH23")).isNull();
    }

    @Test
    void hash_isTheSha256OfTheCode_inHex() {
        assertThat(Codes.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
