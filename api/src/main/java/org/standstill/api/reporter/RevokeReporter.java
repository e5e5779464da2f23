package org.standstill.api.reporter;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Revoke a field reporter's token; revoking a revoked reporter changes nothing. */
public record RevokeReporter(@TargetAggregateIdentifier String reporterId, String dayId) {
}
