package dev.casefile.serde;

/** A JSON document that breaks the contract; the message names the field and the rule, never the value. */
public final class JsonContractException extends Exception {

    /** Which rule the document broke. */
    public enum Rule {
        /** Not UTF-8, not JSON, or not one JSON object. */
        NOT_JSON,
        /** A required field is absent or null. */
        MISSING_FIELD,
        /** A field holds the wrong kind of JSON value, or a value outside its range or symbols. */
        WRONG_TYPE,
        /** A time that is neither ISO-8601 nor whole epoch milliseconds. */
        BAD_TIME,
        /** A field the contract does not have (with input.json.unknown.fields=reject). */
        UNKNOWN_FIELD
    }

    private static final long serialVersionUID = 1L;

    private final Rule rule;

    public JsonContractException(Rule rule, String reason) {
        super(reason);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
