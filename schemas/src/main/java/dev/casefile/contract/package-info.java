/**
 * The hand-written rules of Casefile's contract, which the pipeline, the console and every reader of
 * its topics share: how complaint ids are derived, when a complaint's revision grows, which version of
 * a feedback event or ticket is current, how trace ids are compared, what counts as an identifier,
 * and how emails become keyed hashes. The generated records are in {@code dev.casefile.schema}.
 */
package dev.casefile.contract;
