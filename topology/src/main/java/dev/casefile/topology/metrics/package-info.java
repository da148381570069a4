/**
 * The metrics the stages record that more than one stage writes, named once: dashboards and alerts
 * read these names. A stage's own metrics are named beside it.
 */
package dev.casefile.topology.metrics;
