package dev.casefile.topology.ingest;

/** Why a record is refused: a cause for metrics and a reason, naming the field and the rule, for the dead letter. */
record Rejection(DeadLetterCause cause, String reason) {
}
