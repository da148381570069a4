/**
 * Stage 2, registry: the current version of every feedback event and ticket, by id, so replays and
 * stale versions change nothing and a tombstone reaches wherever its value went.
 */
package dev.casefile.topology.registry;
