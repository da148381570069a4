package dev.casefile.console;

import java.util.List;

/**
 * What an agent limited to some workspaces may see: complaints of those workspaces only, and case
 * files only of traces with such a complaint. Anything else is answered as if it did not exist
 * (404), so a limited agent cannot even learn that another workspace's complaint is there. Rates
 * and alerts are counts per tag value, with no complaint in them, and are not limited.
 */
final class Scope {

    /** The one answer a limited agent gets for a complaint or case file it may not see, or that does not exist. */
    static final String NOT_VISIBLE = "no complaint or case file with this id is visible to you";

    private Scope() {
    }

    static Views.Complaint complaint(Agent agent, Views.Complaint complaint) {
        if (!agent.maySee(complaint.workspaceId())) {
            throw ApiException.notFound(NOT_VISIBLE);
        }
        return complaint;
    }

    static Views.Page page(Agent agent, Views.Page page) {
        if (agent.workspaces().isEmpty()) {
            return page;
        }
        return new Views.Page(page.kind(), page.value(), visible(agent, page.items()), page.nextCursor());
    }

    static Views.SearchResult search(Agent agent, Views.SearchResult result) {
        if (agent.workspaces().isEmpty()) {
            return result;
        }
        List<Views.Page> pages = result.matches().stream().map(p -> page(agent, p)).filter(p -> !p.items().isEmpty())
                .toList();
        return new Views.SearchResult(result.query(), pages.isEmpty() ? "nothing" : pages.get(0).kind(), pages);
    }

    static Views.CaseFile caseFile(Agent agent, Views.CaseFile file) {
        if (agent.workspaces().isEmpty()) {
            return file;
        }
        List<Views.Complaint> complaints = visible(agent, file.complaints());
        if (complaints.isEmpty()) {
            throw ApiException.notFound(NOT_VISIBLE);
        }
        return new Views.CaseFile(file.otlpTraceId(), file.traceIds(), file.status(), file.startedAt(), file.durationMs(),
                file.spanCount(), file.droppedSpanCount(), file.spansRetained(), file.conversation(), file.traceLink(),
                file.roots(), file.evidenceTags(), file.sharedTags(), file.suspect(), complaints);
    }

    static Views.Similar similar(Agent agent, Views.Similar similar) {
        if (agent.workspaces().isEmpty()) {
            return similar;
        }
        return new Views.Similar(similar.tag(), similar.complaints(), similar.traces(),
                similar.items().stream().filter(t -> agent.maySee(t.workspaceId())).toList(), similar.nextCursor());
    }

    static LabelExport.Result export(Agent agent, LabelExport.Result result) {
        if (agent.workspaces().isEmpty()) {
            return result;
        }
        return new LabelExport.Result(result.cases().stream().filter(c -> agent.maySee(c.workspaceId())).toList(),
                result.strata());
    }

    private static List<Views.Complaint> visible(Agent agent, List<Views.Complaint> complaints) {
        return complaints.stream().filter(c -> agent.maySee(c.workspaceId())).toList();
    }
}
