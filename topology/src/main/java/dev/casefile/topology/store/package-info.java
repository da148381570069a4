/**
 * Plumbing with no domain in it: retention passes, store wrappers, composite keys, partition
 * placement and processor suppliers that declare their stores.
 */
package dev.casefile.topology.store;
