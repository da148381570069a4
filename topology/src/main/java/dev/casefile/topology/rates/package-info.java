/**
 * Stage 6, rates: each turn's exact change of its rate contribution, summed per window, then
 * counted per tag key and value into complaint rates.
 */
package dev.casefile.topology.rates;
