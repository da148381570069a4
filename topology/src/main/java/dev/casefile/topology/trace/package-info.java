/**
 * Stage 3, trace: each trace assembled from its spans, by trace id; whenever what its turn sees of
 * it changes, the trace tells the turn.
 */
package dev.casefile.topology.trace;
