package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.ApiKeyRepository;
import io.draftnrun.application.organization.port.ProjectOwnership;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.ApiKeyId;
import io.draftnrun.domain.organization.Right;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** A writer (developer and up) of the project's organization creates a key; the plaintext is returned only now. */
public final class CreateApiKey {
    public record Command(UUID projectId, String name) {}

    /** The stored key and its plaintext, shown once. */
    public record Created(ApiKey key, String plaintext) {
        @Override
        public String toString() {
            return "Created[" + key.id() + "]";
        }
    }

    private final ApiKeyRepository keys;
    private final ProjectOwnership projects;
    private final ApiKeyHashing hashing;
    private final Clock clock;

    public CreateApiKey(ApiKeyRepository keys, ProjectOwnership projects, ApiKeyHashing hashing, Clock clock) {
        this.keys = keys;
        this.projects = projects;
        this.hashing = hashing;
        this.clock = clock;
    }

    public Created handle(Actor actor, Command command) {
        ProjectAccess.require(projects, actor, command.projectId(), Right.WRITER);
        String plaintext = hashing.newKey();
        ApiKey key = new ApiKey(
                new ApiKeyId(UUID.randomUUID()),
                command.name(),
                hashing.hash(plaintext),
                command.projectId(),
                actor.userId(),
                clock.instant(),
                Optional.empty(),
                Optional.empty());
        keys.create(key);
        return new Created(key, plaintext);
    }
}
