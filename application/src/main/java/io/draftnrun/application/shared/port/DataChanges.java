package io.draftnrun.application.shared.port;

import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.project.ProjectId;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells this instance of every committed change to the data that runs and requests look up at their start (projects,
 * graph versions, API keys, users and memberships), whichever instance or tool made it, so that what is kept in memory
 * can be forgotten at once. Between {@link Listener#reset} and the next {@link Listener#live}, changes may go
 * unannounced (the feed is reconnecting): nothing may be kept meanwhile.
 */
public interface DataChanges {

    /**
     * What changed, typed by what it touches: a cache matches on the record's type and compares typed ids. An empty key
     * is everything of its kind (e.g. a table emptied, a write whose rows are not known). The feed's adapter parses its
     * wire format into these once, where the announcement is read.
     */
    sealed interface Change {
        /** A project was deleted or moved: its id, or every project. */
        record ProjectChanged(Optional<ProjectId> project) implements Change {
            public ProjectChanged {
                Objects.requireNonNull(project, "project");
            }
        }

        /** A graph version of a project was added, changed, rebound or deleted: the project's id, or every project. */
        record GraphChanged(Optional<ProjectId> project) implements Change {
            public GraphChanged {
                Objects.requireNonNull(project, "project");
            }
        }

        /** An API key was revoked, changed or deleted: the key's hash, or every key. */
        record ApiKeyChanged(Optional<String> keyHash) implements Change {
            public ApiKeyChanged {
                Objects.requireNonNull(keyHash, "keyHash");
            }
        }

        /** A user's account or memberships changed: the user's id, or every user. */
        record UserChanged(Optional<UserId> user) implements Change {
            public UserChanged {
                Objects.requireNonNull(user, "user");
            }
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
