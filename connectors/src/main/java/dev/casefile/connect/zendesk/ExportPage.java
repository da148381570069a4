package dev.casefile.connect.zendesk;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * One page of Zendesk's cursor-based incremental ticket export: the tickets, the requesters'
 * emails from the side-loaded users (by user id), the cursor of the next page, and whether this was
 * the end of the stream for now.
 */
record ExportPage(List<JsonObject> tickets, Map<Long, String> userEmails, String afterCursor, boolean endOfStream) {
}
