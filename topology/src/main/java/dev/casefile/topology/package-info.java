/**
 * The Casefile topology. {@link dev.casefile.topology.CasefileTopology} wires the stages of the data
 * path, one package each, in this order:
 * <ol>
 *   <li>{@code ingest}: the gates every input record passes (decoding, validation, personal data, dead letters);</li>
 *   <li>{@code registry}: the current version of each feedback event and ticket, by id;</li>
 *   <li>{@code trace}: each trace kept as where its spans are, and told to its turn; complained traces' spans frozen;</li>
 *   <li>{@code resolve}: the business-key index, and each ticket resolved to its turn;</li>
 *   <li>{@code link}: all evidence of a turn, and its linked complaint;</li>
 *   <li>{@code rates}: complaint rates per evidence tag value and window;</li>
 *   <li>{@code index}: the console's indexes of the linked complaints.</li>
 * </ol>
 * Below them, {@code query} is what the console may read and {@code store} is plumbing with no domain.
 * A stage imports no other stage ({@code ArchitectureTest}).
 */
package dev.casefile.topology;
