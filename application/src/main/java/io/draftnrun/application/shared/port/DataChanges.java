package io.draftnrun.application.shared.port;

import java.util.Objects;
import java.util.Optional;

/**
 * Tells this instance of every committed change to the data that runs and requests look up at their start (projects,
 * graph versions, API keys, users and memberships), whichever instance or tool made it, so that what is kept in memory
 * can be forgotten at once. Between {@link Listener#reset} and the next {@link Listener#live}, changes may go
 * unannounced (the feed is reconnecting): nothing may be kept meanwhile.
 */
public interface DataChanges {

    /** What changed. */
    enum Topic {
        /** A project was deleted or moved: its key is the project id. */
        PROJECT,
        /** A graph version was added, changed, rebound or deleted: its key is the project id. */
        GRAPH,
        /** An API key was revoked, changed or deleted: its key is the key's hash. */
        API_KEY,
        /** A user's account or memberships changed: its key is the user id. */
        USER
    }

    /** A change: everything of the topic when the key is empty (e.g. a table emptied). */
    record Change(Topic topic, Optional<String> key) {
        public Change {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Receives changes on the feed's thread; must be quick and must not throw. */
    interface Listener {
        void changed(Change change);

        /** Changes may have been missed: forget everything. Called when the feed stops being live. */
        void reset();

        /** Every change from now on will be announced (after a reset, once the feed is back). */
        void live();
    }

    /** Adds a listener; it is told {@link Listener#live} at once when the feed is live already. */
    void subscribe(Listener listener);

    /** A feed that never announces anything and is never live: nothing is kept in memory. */
    static DataChanges none() {
        return listener -> {};
    }
}
