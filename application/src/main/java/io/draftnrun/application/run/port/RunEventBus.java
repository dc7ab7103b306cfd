package io.draftnrun.application.run.port;

import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;

/**
 * Carries run events to subscribers on any server instance. Events of a run are published in sequence order by the
 * instance executing it. A subscriber receives every event of the run from the first one, then live ones, in order,
 * with no gap and no duplicate, whenever it subscribes; after {@code RunFinished} nothing more comes.
 */
public interface RunEventBus {
    void publish(RunEvent event);

    /**
     * The sequence of the last event the bus holds of the run (0 if none): the final event of a run whose instance
     * died is published after it.
     */
    default long lastSequence(RunId runId) {
        return 0;
    }

    /** Follows a run from its first event; the listener is called in order on a bus thread. Close to stop. */
    Subscription subscribe(RunId runId, Listener listener);

    /** Receives a run's events. */
    interface Listener {
        void onEvent(RunEvent event);

        /** The bus could not deliver (connection lost); no more events come. */
        default void onError(Throwable error) {}
    }

    /** An open subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
