/**
 * Stage 5, link: all evidence of one turn meets in the turn store, and the turn's complaint is
 * emitted, complete, whenever it changes materially.
 */
package dev.casefile.topology.link;
