/**
 * What the console may read of the topology's state: the names of the stores it queries, their key
 * codecs, and the rate queries.
 */
package dev.casefile.topology.query;
