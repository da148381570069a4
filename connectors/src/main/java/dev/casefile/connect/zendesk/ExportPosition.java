package dev.casefile.connect.zendesk;

import java.util.Map;

/**
 * Where the export stands, as Connect stores it in the source offset: the cursor of the next page,
 * or, before the first page, the start time. A restarted task asks for exactly this page again.
 */
record ExportPosition(String cursor, long startTimeSeconds) {

    static final String CURSOR = "cursor";
    static final String START_TIME = "start_time";

    static ExportPosition start(long startTimeSeconds) {
        return new ExportPosition(null, startTimeSeconds);
    }

    static ExportPosition after(String cursor) {
        return new ExportPosition(cursor, 0);
    }

    /** The stored offset, or the start time when there is none (or it holds no cursor). */
    static ExportPosition from(Map<String, Object> offset, long startTimeSeconds) {
        if (offset != null && offset.get(CURSOR) instanceof String cursor && !cursor.isEmpty()) {
            return after(cursor);
        }
        if (offset != null && offset.get(START_TIME) instanceof Number start) {
            return start(start.longValue());
        }
        return start(startTimeSeconds);
    }

    ExportPage fetch(ZendeskApi api, int pageSize) {
        return cursor == null ? api.exportFrom(startTimeSeconds, pageSize) : api.exportAfter(cursor, pageSize);
    }

    Map<String, Object> offset() {
        return cursor == null ? Map.of(START_TIME, startTimeSeconds) : Map.of(CURSOR, cursor);
    }
}
