package org.standstill.command.config;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * The aggregate a command is for, read from its {@link TargetAggregateIdentifier} (and {@link TargetAggregateVersion})
 * member as Axon's {@code AnnotationCommandTargetResolver} reads it — the first annotated method, else field — but with
 * each command class's members found once: Axon's own looks for them by reflection, through every method and its
 * annotations, on every command (about 6 % of a report's CPU in the ingest benchmark's profile).
 */
final class CommandTargets implements CommandTargetResolver {

    /** How to read a command class's target: its identifier, and its version (null: none). */
    private record Members(Function<Object, Object> identifier, Function<Object, Object> version) {
    }

    private final ClassValue<Members> members = new ClassValue<>() {
        @Override
        protected Members computeValue(Class<?> type) {
            return new Members(reader(type, TargetAggregateIdentifier.class), reader(type, TargetAggregateVersion.class));
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Members of = members.get(command.getPayloadType());
        Object identifier = of.identifier().apply(command.getPayload());
        if (identifier == null) {
            throw new IllegalArgumentException("Invalid command. It does not identify the target aggregate: no member of "
                    + command.getPayloadType().getSimpleName() + " is annotated @TargetAggregateIdentifier and "
                    + "non-null.");
        }
        Object version = of.version().apply(command.getPayload());
        return new VersionedAggregateIdentifier(identifier, version == null ? null
                : version instanceof Number n ? Long.valueOf(n.longValue()) : Long.valueOf(version.toString()));
    }

    private static Function<Object, Object> reader(Class<?> type, Class<? extends Annotation> annotation) {
        for (Method m : ReflectionUtils.methodsOf(type)) {
            if (AnnotationUtils.isAnnotationPresent(m, annotation)) {
                ReflectionUtils.ensureAccessible(m);
                return payload -> {
                    try {
                        return m.invoke(payload);
                    } catch (IllegalAccessException | InvocationTargetException e) {
                        throw new IllegalArgumentException("Could not read " + m + " of a command", e);
                    }
                };
            }
        }
        for (Field f : ReflectionUtils.fieldsOf(type)) {
            if (AnnotationUtils.isAnnotationPresent(f, annotation)) {
                ReflectionUtils.ensureAccessible(f);
                return payload -> ReflectionUtils.getFieldValue(f, payload);
            }
        }
        return payload -> null;
    }
}
