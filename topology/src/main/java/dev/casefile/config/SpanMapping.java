package dev.casefile.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which span (or resource) attributes give the workspace, session, turn, trace aliases, business
 * keys and evidence tags of a trace. Each list is in priority order: the first key present wins.
 */
public record SpanMapping(List<String> workspaceKeys, List<String> sessionKeys, List<String> turnKeys,
                          List<String> traceAliasKeys, List<String> businessKeyKeys, List<String> evidenceTagKeys) {

    public SpanMapping {
        workspaceKeys = List.copyOf(workspaceKeys);
        sessionKeys = List.copyOf(sessionKeys);
        turnKeys = List.copyOf(turnKeys);
        traceAliasKeys = List.copyOf(traceAliasKeys);
        businessKeyKeys = List.copyOf(businessKeyKeys);
        evidenceTagKeys = List.copyOf(evidenceTagKeys);
    }

    /** Every attribute key this mapping reads: span decoding keeps these before any other attribute. */
    public Set<String> mappedKeys() {
        Set<String> keys = new LinkedHashSet<>();
        keys.addAll(workspaceKeys);
        keys.addAll(sessionKeys);
        keys.addAll(turnKeys);
        keys.addAll(traceAliasKeys);
        keys.addAll(businessKeyKeys);
        keys.addAll(evidenceTagKeys);
        return keys;
    }
}
