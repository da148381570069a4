package dev.casefile.connect.zendesk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Reads Casefile's {@code linked-complaints} and writes the link back into each Zendesk ticket a
 * complaint names: the trace id into a custom field, and a private note with the case-file URL, the
 * status, the link method and the evidence tags. It writes only when what the ticket shows would
 * change. Settings: {@link LinkSinkConfig}.
 */
public final class CaseFileLinkSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new LinkSinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CaseFileLinkSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return LinkSinkConfig.DEFINITION;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
