package dev.casefile.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code schemas/contract/} is what the Avro schemas make it: the self-contained schemas, their JSON
 * Schemas and fingerprints; and the example documents there are valid JSON of the contract.
 */
class PublishedContractTest {

    /** Tests run with the schemas module as working directory. */
    private static final Path CONTRACT = Path.of("contract");
    private static final SchemaRegistry JSON_SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @Test
    void thePublishedFilesAreWhatTheSchemasMake() throws IOException {
        for (Map.Entry<String, String> file : PublishedContract.files().entrySet()) {
            Path published = CONTRACT.resolve(file.getKey());
            assertTrue(Files.exists(published), published + " is missing");
            assertEquals(file.getValue(), Files.readString(published, StandardCharsets.UTF_8), published
                    + " differs from what the schemas make; refresh it with: mvn -q -pl schemas compile exec:java"
                    + "@publish-contract -Dexec.args=$PWD/schemas/contract (from the repository root)");
        }
    }

    @Test
    void everyAvroFieldIsInTheJsonSchema() {
        for (Schema schema : PublishedContract.RECORDS) {
            JsonObject json = JsonParser.parseString(JsonSchemas.of(schema)).getAsJsonObject();
            assertFields(schema, json, json);
        }
    }

    @Test
    void eachSelfContainedSchemaHasTheFingerprintCasefileReads() throws IOException {
        for (Schema schema : PublishedContract.RECORDS) {
            Schema published = new Schema.Parser().parse(CONTRACT.resolve(schema.getName() + ".avsc").toFile());
            assertEquals(SchemaNormalization.parsingFingerprint64(schema), SchemaNormalization.parsingFingerprint64(published));
            String listed = Files.readString(CONTRACT.resolve("fingerprints.txt"));
            assertTrue(listed.contains(schema.getName()) && listed.contains(AvroSingleObjectSerde.fingerprintHex(schema)),
                    schema.getName() + " " + AvroSingleObjectSerde.fingerprintHex(schema));
        }
    }

    /** Each example validates against its JSON Schema, reads as its record, and writes back to JSON that validates too. */
    @Test
    void theExamplesAreValidDocumentsOfTheContract() throws IOException {
        for (Schema schema : PublishedContract.RECORDS) {
            String example = Files.readString(CONTRACT.resolve("examples").resolve(schema.getName() + ".json"));
            com.networknt.schema.Schema jsonSchema = JSON_SCHEMAS.getSchema(JsonSchemas.of(schema));
            assertEquals(List.of(), jsonSchema.validate(example, InputFormat.JSON).stream().map(Object::toString).toList(),
                    schema.getName() + " example");
            SpecificRecord record = read(schema, example);
            String written = new String(codec(schema).write(record), StandardCharsets.UTF_8);
            assertEquals(List.of(), jsonSchema.validate(written, InputFormat.JSON).stream().map(Object::toString).toList(),
                    schema.getName() + " as Casefile writes it");
            assertEquals(record, read(schema, written), "a record survives JSON both ways");
        }
    }

    @Test
    void theJsonSchemaRefusesWhatTheCodecRefuses() {
        com.networknt.schema.Schema feedback = JSON_SCHEMAS.getSchema(JsonSchemas.of(PublishedContract.RECORDS.get(0)));
        assertTrue(!feedback.validate("{\"feedback_id\":\"fb_1\"}", InputFormat.JSON).isEmpty(), "required fields");
        assertTrue(!feedback.validate("{\"feedback_id\":\"fb_1\",\"occurred_at\":\"2026-05-21T09:14:33Z\",\"workspace_id\":\"w\","
                + "\"label\":\"x\",\"sesion_id\":\"s\"}", InputFormat.JSON).isEmpty(), "unknown fields");
    }

    private static void assertFields(Schema schema, JsonObject jsonSchema, JsonObject root) {
        JsonObject properties = jsonSchema.getAsJsonObject("properties");
        assertNotNull(properties, schema.getName());
        for (Schema.Field field : schema.getFields()) {
            assertTrue(properties.has(field.name()), schema.getName() + "." + field.name() + " is not in the JSON Schema");
            Schema type = JsonRecordCodec.nonNull(field.schema());
            if (type.getType() == Schema.Type.ARRAY) {
                type = type.getElementType();
            }
            if (type.getType() == Schema.Type.RECORD) {
                assertFields(type, root.getAsJsonObject("$defs").getAsJsonObject(type.getName()), root);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonRecordCodec<SpecificRecord> codec(Schema schema) {
        Class type = SpecificData.get().getClass(schema);
        return new JsonRecordCodec<>(type, JsonRecordCodec.UnknownFields.REJECT);
    }

    private static SpecificRecord read(Schema schema, String json) {
        try {
            return codec(schema).read(json.getBytes(StandardCharsets.UTF_8));
        } catch (JsonContractException e) {
            throw new AssertionError(schema.getName() + ": " + e.getMessage(), e);
        }
    }
}
