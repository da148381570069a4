package dev.casefile.connect.zendesk;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Reads Zendesk's cursor-based incremental ticket export and writes each ticket to Casefile's
 * {@code support-tickets} topic as a {@code SupportTicket} in Casefile's contract encoding, keyed by
 * ticket id; a deleted ticket becomes a tombstone. The export is one ordered stream, so the connector
 * runs one task whatever {@code tasks.max} says. Settings: {@link ZendeskSourceConfig}.
 */
public final class ZendeskTicketSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new ZendeskSourceConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ZendeskTicketSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return ZendeskSourceConfig.DEFINITION;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
