/**
 * Stage 4, resolve: the index of each workspace's identifiers, and each ticket resolved to its
 * turn when it arrives and again whenever what it looks up changes.
 */
package dev.casefile.topology.resolve;
