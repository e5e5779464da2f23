package org.standstill.api.audit;

/** An aggregate's newest event at a checkpoint: its sequence number and chain hash. */
public record Head(String aggregateId, long sequence, String hash) {
}
