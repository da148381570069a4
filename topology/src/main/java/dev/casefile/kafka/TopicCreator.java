package dev.casefile.kafka;

import dev.casefile.topics.TopicSpec;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics Casefile needs, from their one description, when they do not exist yet. */
public final class TopicCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    private TopicCreator() {
    }

    /** Creates every missing topic of {@code topics}; existing topics are left as they are. */
    public static void ensure(Admin admin, List<TopicSpec<?, ?>> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name()))
                    .map(TopicSpec::toNewTopic).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            missing.forEach(t -> LOG.info("Created topic {} partitions={} configs={}", t.name(), t.numPartitions(), t.configs()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create Casefile's topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Casefile's topics", e);
        }
    }
}
