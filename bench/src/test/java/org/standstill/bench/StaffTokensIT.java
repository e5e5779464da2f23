package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff tokens over HTTP: each has an id, an admin revokes it by that id and both services refuse it at once; a
 * token signed with the right secret but not from us, or not for us, is refused.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaffTokensIT {

    Platform platform;
    Api command;
    Api query;

    @BeforeAll
    void connect(Platform platform) {
        this.platform = platform;
        command = new Api(platform.commandUrl());
        query = new Api(platform.queryUrl());
    }

    @Test
    void aRevokedStaffToken_isRefusedByBothServicesAtOnce_andRevokingAgainChangesNothing() {
        Api.Answer issued = command.post("/api/tokens", platform.adminToken(),
                Map.of("role", "COORDINATOR", "label", "east desk"));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        String token = issued.body().path("token").asString();
        String tokenId = issued.body().path("tokenId").asString();
        assertThat(UUID.fromString(tokenId)).isNotNull();
        Api.Answer other = command.post("/api/tokens", platform.adminToken(),
                Map.of("role", "COORDINATOR", "label", "west desk"));
        String otherToken = other.body().path("token").asString();
        assertThat(query.get("/api/days", token).status()).isEqualTo(200);
        assertThat(planningRefusedForItsBody(token)).isEqualTo(400);

        Api.Answer byACoordinator = command.post("/api/tokens/" + tokenId + "/revocation", otherToken, "");
        Api.Answer revoked = command.post("/api/tokens/" + tokenId + "/revocation", platform.adminToken(), "");
        Api.Answer again = command.post("/api/tokens/" + tokenId + "/revocation", platform.adminToken(), "");
        Api.Answer badId = command.post("/api/tokens/not-a-token/revocation", platform.adminToken(), "");

        assertThat(byACoordinator.status()).isEqualTo(403);
        assertThat(revoked.status()).as(revoked.raw()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(204);
        assertThat(badId.badFields()).containsExactly("tokenId");
        Api.Answer onQuery = query.get("/api/days", token);
        assertThat(onQuery.status()).isEqualTo(401);
        assertThat(onQuery.raw()).contains("This token has been revoked", "/problems/token-revoked");
        assertThat(planningRefusedForItsBody(token)).isEqualTo(401);
        assertThat(query.get("/api/days", otherToken).status()).as("another staff token").isEqualTo(200);
    }

    @Test
    void aTokenSignedWithOurSecret_butNotFromUsOrNotForUs_isRefused() throws Exception {
        long exp = Instant.now().plusSeconds(3600).getEpochSecond();
        String good = forged("{\"iss\":\"standstill\",\"aud\":[\"standstill\"],\"sub\":\"c-1\",\"role\":\"COORDINATOR\","
                + "\"jti\":\"" + UUID.randomUUID() + "\",\"exp\":" + exp + "}");
        String otherIssuer = forged("{\"iss\":\"elsewhere\",\"aud\":[\"standstill\"],\"sub\":\"c-1\","
                + "\"role\":\"COORDINATOR\",\"exp\":" + exp + "}");
        String otherAudience = forged("{\"iss\":\"standstill\",\"aud\":[\"another-app\"],\"sub\":\"c-1\","
                + "\"role\":\"COORDINATOR\",\"exp\":" + exp + "}");
        String noAudience = forged("{\"iss\":\"standstill\",\"sub\":\"c-1\",\"role\":\"COORDINATOR\",\"exp\":" + exp + "}");

        assertThat(query.get("/api/days", good).status()).as("the control: well formed").isEqualTo(200);
        for (String refused : new String[]{otherIssuer, otherAudience, noAudience}) {
            assertThat(query.get("/api/days", refused).status()).isEqualTo(401);
            assertThat(planningRefusedForItsBody(refused)).isEqualTo(401);
        }
    }

    /** Plans a day with a body that fails validation: 400 if the caller was let in, 401 or 403 if not. */
    private int planningRefusedForItsBody(String token) {
        return command.post("/api/days", token, Map.of("id", "No Spaces")).status();
    }

    private String forged(String claims) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signed = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(platform.tokenSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signed + "." + url.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
