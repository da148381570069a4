/**
 * Stage 3, trace: each trace kept by trace id as what linking needs and where its spans are on the
 * spans topic; whenever what its turn sees of it changes, the trace tells the turn. A trace a
 * complaint names has its spans frozen as evidence.
 */
package dev.casefile.topology.trace;
