/**
 * Stage 1, ingest: the gates every input record passes. Each decodes and checks a raw record,
 * hashes personal data, and passes it on keyed by its id, or makes it a dead letter with its
 * reason.
 */
package dev.casefile.topology.ingest;
