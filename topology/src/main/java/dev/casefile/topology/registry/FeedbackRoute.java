package dev.casefile.topology.registry;

import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.ResolverInput;
import dev.casefile.schema.internal.TurnEvent;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * Where the feedback registrar sends a feedback event (or its removal): to its turn; or, when it names
 * no session and turn, to its workspace's resolver, which finds the turn by the trace id it captured.
 * Each kind says where it goes.
 */
public sealed interface FeedbackRoute {

    /** For the turn-keyed topic; none if the feedback goes to the resolver. */
    List<KeyValue<TurnKey, TurnEvent>> toTurn();

    /** For the workspace-keyed resolver topic; none if the feedback goes to its turn. */
    List<KeyValue<String, ResolverInput>> toResolver();

    /** To the turn store, through turn-events. */
    record ToTurn(TurnKey turn, TurnEvent event) implements FeedbackRoute {
        @Override
        public List<KeyValue<TurnKey, TurnEvent>> toTurn() {
            return List.of(KeyValue.pair(turn, event));
        }

        @Override
        public List<KeyValue<String, ResolverInput>> toResolver() {
            return List.of();
        }
    }

    /** To the workspace's ticket resolver, through resolver-inputs. */
    record ToResolver(String workspaceId, ResolverInput input) implements FeedbackRoute {
        @Override
        public List<KeyValue<TurnKey, TurnEvent>> toTurn() {
            return List.of();
        }

        @Override
        public List<KeyValue<String, ResolverInput>> toResolver() {
            return List.of(KeyValue.pair(workspaceId, input));
        }
    }
}
