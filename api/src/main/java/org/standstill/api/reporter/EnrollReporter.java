package org.standstill.api.reporter;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Enroll a field reporter for a day of action, once they have used an invite code.
 *
 * @param reporterId a generated pseudonym, derived from nothing about the person
 */
public record EnrollReporter(@TargetAggregateIdentifier String reporterId, String dayId) {
}
