package org.standstill.command.config;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;
import org.standstill.api.day.OpenDay;
import org.standstill.api.report.RetractReport;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A command's target, read as Axon's own resolver reads it, from members found once per class. */
class CommandTargetsTest {

    record OnAComponent(@TargetAggregateIdentifier String id, @TargetAggregateVersion Long version) {
    }

    static final class OnAField {
        @TargetAggregateIdentifier
        private final UUID id = UUID.fromString("5f0c7d4e-0b7a-4d53-9a52-8f7c1b2e3a10");
        @TargetAggregateVersion
        private final String version = "3";
    }

    static final class OnAMethod {
        @TargetAggregateIdentifier
        String target() {
            return "by-method";
        }
    }

    record Untargeted(String id) {
    }

    private final CommandTargetResolver cached = new CommandTargets();
    private final CommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();

    @Test
    void everyWayOfNamingTheTarget_resolvesAsAxonsOwnResolverDoes_againAndAgain() {
        List<Object> commands = List.of(new OnAComponent("day-1", 7L), new OnAComponent("day-2", null), new OnAField(),
                new OnAMethod(), new RetractReport(UUID.randomUUID(), "mpls", "reporter-1", false),
                new OpenDay("mpls-2026-01-23"));
        for (int round = 0; round < 3; round++) {
            for (Object command : commands) {
                VersionedAggregateIdentifier expected = axons.resolveTarget(GenericCommandMessage.asCommandMessage(command));

                VersionedAggregateIdentifier found = cached.resolveTarget(GenericCommandMessage.asCommandMessage(command));

                assertThat(found.getIdentifierValue()).as(command.toString()).isEqualTo(expected.getIdentifierValue());
                assertThat(found.getVersion()).as(command.toString()).isEqualTo(expected.getVersion());
            }
        }
    }

    @Test
    void aCommandThatNamesNoTarget_isRefused() {
        assertThatThrownBy(() -> cached.resolveTarget(GenericCommandMessage.asCommandMessage(new Untargeted("x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Untargeted");
    }
}
