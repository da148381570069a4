/**
 * Stage 7, index: linked-complaints read back into the console's stores, by complaint id and by
 * every key a support agent may search by.
 */
package dev.casefile.topology.index;
