package org.standstill.query.live;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The topics' names on the way to RabbitMQ and back. */
class RelayDestinationsTest {

    @Test
    void aDaysTopic_becomesARoutingKeyWithoutSlashes_andComesBackAsTheClientsName() {
        assertThat(RelayDestinations.toBroker("/topic/days/twin-cities-2026/tally")).isEqualTo("/topic/days.twin-cities-2026.tally");
        assertThat(RelayDestinations.toClient("/topic/days.twin-cities-2026.tally")).isEqualTo("/topic/days/twin-cities-2026/tally");
        String rebuild = "/topic/rebuilds/5f0c7d4e-0b7a-4d53-9a52-8f7c1b2e3a10";
        assertThat(RelayDestinations.toClient(RelayDestinations.toBroker(rebuild))).isEqualTo(rebuild);
    }

    @Test
    void otherDestinations_areLeftAsTheyAre() {
        assertThat(RelayDestinations.toBroker("/queue/x")).isEqualTo("/queue/x");
        assertThat(RelayDestinations.toBroker(null)).isNull();
    }
}
