package dev.casefile.serde;

import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.ConsoleAudit;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.RateAlert;
import dev.casefile.schema.RateAlertKey;
import dev.casefile.schema.RateKey;
import dev.casefile.schema.SupportTicket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The contract as an integrator reads it, derived from the Avro schemas: for each record on a
 * Casefile topic, its self-contained Avro schema (every named type inlined, as the fingerprint is
 * computed over it), its JSON Schema, and the fingerprint of every released version. The build
 * writes them into the jar; {@code schemas/contract/} holds the same files, and a test fails if the
 * two differ. {@code main(dir)} writes them to {@code dir}.
 */
public final class PublishedContract {

    /**
     * The records on Casefile's topics: the inputs, the outputs, the keys of complaint-rate-by-tag and the alerts, and
     * the console's audit records.
     */
    public static final List<Schema> RECORDS = List.of(FeedbackEvent.getClassSchema(), SupportTicket.getClassSchema(),
            LinkedComplaint.getClassSchema(), ComplaintRate.getClassSchema(), RateKey.getClassSchema(),
            RateAlert.getClassSchema(), RateAlertKey.getClassSchema(), ConsoleAudit.getClassSchema());

    private PublishedContract() {
    }

    /** Every published file, by name, with its content. */
    public static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder fingerprints = new StringBuilder("""
                # The single-object fingerprint of every released version of Casefile's contract records:
                # the CRC-64-AVRO of the schema's parsing canonical form, as a 64-bit number in hex. On the wire
                # its 8 bytes follow the marker C3 01, least significant byte first. Generated from the schemas.
                """);
        for (Schema schema : RECORDS) {
            files.put(schema.getName() + ".avsc", schema.toString(true) + "\n");
            files.put(schema.getName() + ".schema.json", JsonSchemas.of(schema));
            List<Schema> released = SchemaHistory.released(schema.getName());
            if (released.isEmpty()) {
                fingerprints.append(schema.getName()).append(" current ").append(AvroSingleObjectSerde.fingerprintHex(schema))
                        .append('\n');
            }
            for (int v = 0; v < released.size(); v++) {
                fingerprints.append(schema.getName()).append(" v").append(v + 1).append(' ')
                        .append(AvroSingleObjectSerde.fingerprintHex(released.get(v)))
                        .append(v == released.size() - 1 ? " (current)" : "").append('\n');
            }
        }
        files.put("fingerprints.txt", fingerprints.toString());
        return files;
    }

    /** Writes every published file to the directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, String> file : files().entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
    }
}
