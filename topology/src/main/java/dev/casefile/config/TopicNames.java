package dev.casefile.config;

/**
 * The names and creation settings of Casefile's external topics, as configured. The spans topic is created
 * keeping its records {@code spansRetentionMs}: at least as long as the trace store keeps an uncomplained
 * trace, since the console reads such a trace's spans back from the topic. {@code consoleAudit} and
 * {@code consoleSessions} are the console's: who opened what, and the sign-ins ended by a logout.
 */
public record TopicNames(String feedback, String tickets, String spans, String linkedComplaints, String complaintRates,
                         String rateAlerts,
                         String deadLetters, String consoleAudit, String consoleSessions,
                         int partitions, short replicationFactor, long inputRetentionMs, long spansRetentionMs) {
}
