package dev.casefile.config;

/** The names and creation settings of Casefile's external topics, as configured. */
public record TopicNames(String feedback, String tickets, String spans, String linkedComplaints, String complaintRates,
                         String rateAlerts,
                         String deadLetters,
                         int partitions, short replicationFactor, long inputRetentionMs) {
}
