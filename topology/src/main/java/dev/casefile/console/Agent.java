package dev.casefile.console;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking the console: a support agent named by a verified ID token or a trusted proxy, or
 * a holder of the shared token (machines, the demo). {@code workspaces}, when present, are the only
 * workspaces whose complaints this agent may see.
 */
public record Agent(String name, AgentSource source, Optional<Set<String>> workspaces) {

    /** The shared token's holder: no personal identity, every workspace. */
    public static final Agent TOKEN = new Agent("token", AgentSource.TOKEN, Optional.empty());

    public Agent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        workspaces = workspaces.map(Set::copyOf);
    }

    /** Whether this agent may see complaints of {@code workspaceId}. */
    public boolean maySee(String workspaceId) {
        return workspaces.isEmpty() || workspaces.get().contains(workspaceId);
    }
}
